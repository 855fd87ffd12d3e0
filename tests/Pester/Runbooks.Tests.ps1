#Requires -Version 7.4

# The runbooks in examples/, rehearsed against the in-process emulator as their help shows (-UseEmulator).
Describe 'Runbooks' {
    BeforeAll {
        $previousJournal = $env:CSPADMIN_JOURNAL_PATH
        $env:CSPADMIN_JOURNAL_PATH = Join-Path $TestDrive 'journal.jsonl'
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null
        $examples = Join-Path $PSScriptRoot '../../examples'
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $previousJournal
    }

    Context 'Invoke-NightlyOptimization.ps1' {
        It 'plans the optimisation of every emulated customer and changes nothing' {
            $before = @(Get-CspActivity).Count

            $summary = & (Join-Path $examples 'Invoke-NightlyOptimization.ps1') -UseEmulator -WhatIfOnly -JournalPath $env:CSPADMIN_JOURNAL_PATH

            $summary.Mode | Should -Be 'WhatIf'
            $summary.Customers | Should -BeGreaterThan 0
            @(Get-CspActivity).Count | Should -Be $before
        }
    }

    Context 'Invoke-GdapAudit.ps1' {
        BeforeAll {
            $csv = Join-Path $TestDrive 'gdap.csv'
            $output = @(& (Join-Path $examples 'Invoke-GdapAudit.ps1') -UseEmulator -NoFail -CsvPath $csv -WarningAction SilentlyContinue)
            $summary = $output[-1]
            $reports = @($output | Where-Object { $_.PSObject.TypeNames[0] -eq 'CspAdmin.Engine.Model.GdapAccessReport' })
        }

        It 'reports the customers whose GDAP roles are missing' {
            $summary.NotReady | Should -BeGreaterThan 0
            $reports.Count | Should -Be ($summary.NotReady + $summary.Expiring)
            @($reports | Where-Object { -not $_.IsReady }).Count | Should -Be $summary.NotReady
            ($reports | ForEach-Object { $_.MissingRoles }) | Should -Contain 'User Administrator'
        }

        It 'writes every customer to the CSV file' {
            @(Import-Csv -LiteralPath $csv).Count | Should -Be $summary.Customers
        }

        It 'fails the job without -NoFail' {
            { & (Join-Path $examples 'Invoke-GdapAudit.ps1') -UseEmulator -WarningAction SilentlyContinue | Out-Null } | Should -Throw '*not ready*'
        }
    }

    Context 'Invoke-ResumableTransfer.ps1' {
        BeforeAll {
            $transfer = @{
                UseEmulator  = $true
                CustomerName = 'Fabrikam'
                From         = 'EXCHANGESTANDARD'
                To           = 'SPE_E5'
                AutoIncrease = $true
                ChunkSize    = 4
            }
            $first = & (Join-Path $examples 'Invoke-ResumableTransfer.ps1') @transfer
            $second = & (Join-Path $examples 'Invoke-ResumableTransfer.ps1') @transfer
        }

        It 'moves every holder in chunks' {
            $first.Holders | Should -BeGreaterThan 4
            $first.Chunks | Should -Be ([Math]::Ceiling($first.Holders / 4))
            ($first.Moved + $first.Skipped) | Should -Be $first.Holders
            $first.Failed | Should -Be 0
        }

        It 'leaves nothing for a second run' {
            $second.Holders | Should -Be 0
            $second.Moved | Should -Be 0
        }

        It 'leaves no Fabrikam user with Exchange Online (Plan 1)' {
            $fabrikam = Get-CspCustomer -Name 'Fabrikam'
            @(Get-CspUser -CustomerId $fabrikam.CustomerId -Sku 'EXCHANGESTANDARD').Count | Should -Be 0
        }
    }
}
