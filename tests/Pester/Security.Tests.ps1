#Requires -Version 7.4

# Every cmdlet, run with -Verbose and -Debug, and everything it writes to any stream scanned for secrets:
# bearer tokens (JWT-shaped), refresh tokens, OAuth form fields and the passwords the run itself created.
Describe 'No secret in any stream' {
    BeforeAll {
        $previousJournal = $env:CSPADMIN_JOURNAL_PATH
        $previousConfig = $env:CSPADMIN_CONFIG_HOME
        $env:CSPADMIN_JOURNAL_PATH = Join-Path $TestDrive 'journal.jsonl'
        $env:CSPADMIN_CONFIG_HOME = Join-Path $TestDrive 'config'
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $contoso = Get-CspCustomer -Name 'Contoso'
        $user = Get-CspUser -CustomerId $contoso.CustomerId | Select-Object -First 1
        $prefix = 'sec' + (Get-Random -Minimum 100000 -Maximum 999999)

        # Runs one command with -Verbose -Debug and returns every record of every stream as text.
        function Get-AllStreams {
            param([scriptblock] $Command)
            $records = & $Command *>&1
            foreach ($record in $records) {
                $record | Out-String -Width 1000
                if ($record -isnot [System.Management.Automation.InformationalRecord] -and $record -isnot [System.Management.Automation.ErrorRecord]) {
                    $record | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
                }
            }
        }

        $text = @()
        $text += Get-AllStreams { Get-CspContext -Verbose -Debug }
        $text += Get-AllStreams { Get-CspCustomer -Verbose -Debug }
        $text += Get-AllStreams { $contoso | Get-CspLicense -Verbose -Debug }
        $text += Get-AllStreams { $contoso | Get-CspSubscription -Verbose -Debug }
        $text += Get-AllStreams { Get-CspUser -CustomerId $contoso.CustomerId -Verbose -Debug }
        $text += Get-AllStreams { Get-CspUserLicense -CustomerId $contoso.CustomerId -UserId $user.UserId -Verbose -Debug }
        $text += Get-AllStreams { Get-CspOffer -Country US -Verbose -Debug | Select-Object -First 3 }
        $text += Get-AllStreams { Test-CspGdapAccess -CustomerId $contoso.CustomerId -Verbose -Debug }
        $text += Get-AllStreams { Test-CspRelationship -Domain $contoso.DefaultDomain -Verbose -Debug }
        $text += Get-AllStreams { New-CspRelationshipRequest -Profile $contoso.Profile -Verbose -Debug -Confirm:$false }
        $text += Get-AllStreams { Invoke-CspOptimization -CustomerId $contoso.CustomerId -WhatIf -Verbose -Debug }
        $text += Get-AllStreams { Get-CspActivity -Verbose -Debug }

        $created = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "sec.check@$($contoso.DefaultDomain)" -DisplayName 'Sec Check' -Verbose -Debug *>&1
        $text += $created | ForEach-Object { $_ | Out-String -Width 1000 }
        $newUser = $created | Where-Object { $_.PSObject.TypeNames[0] -eq 'CspAdmin.Engine.Model.CreatedUser' }
        $reset = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $newUser.UserId -Confirm:$false -Verbose -Debug *>&1
        $text += $reset | ForEach-Object { $_ | Out-String -Width 1000 }
        $resetResult = $reset | Where-Object { $_.PSObject.TypeNames[0] -eq 'CspAdmin.Engine.Model.PasswordResetResult' }
        $customerSettings = @{
            CompanyName  = 'Security Check'
            DomainPrefix = $prefix
            Email        = 'billing@example.com'
            FirstName    = 'Sam'
            LastName     = 'Lee'
            AddressLine1 = '1 Main Street'
            City         = 'Redmond'
            State        = 'WA'
            PostalCode   = '98052'
            Country      = 'US'
            Profile      = 'emulator-us'
        }
        $tenant = New-CspCustomer @customerSettings -Confirm:$false -Verbose -Debug *>&1
        $text += $tenant | ForEach-Object { $_ | Out-String -Width 1000 }
        $tenantResult = $tenant | Where-Object { $_.PSObject.TypeNames[0] -eq 'CspAdmin.Engine.Model.NewCustomerResult' }

        $passwords = @(
            $newUser.Password | ConvertFrom-SecureString -AsPlainText
            $resetResult.Password | ConvertFrom-SecureString -AsPlainText
            $tenantResult.AdminPassword | ConvertFrom-SecureString -AsPlainText
        )
        $all = ($text -join "`n") + "`n" + (Get-Content -Raw -Path $env:CSPADMIN_JOURNAL_PATH)
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $previousJournal
        $env:CSPADMIN_CONFIG_HOME = $previousConfig
    }

    It 'captured the debug trace of the HTTP calls' {
        $all | Should -Match 'GET '
        $passwords.Count | Should -Be 3
        $passwords | ForEach-Object { $_.Length | Should -BeGreaterThan 7 }
    }

    It 'shows no bearer or refresh token' {
        $all | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.'
        $all | Should -Not -Match '\b0\.[A-Za-z0-9_-]{40,}\.'
        $all | Should -Not -Match 'client_secret=|refresh_token=|"access_token"'
    }

    It 'shows none of the passwords it created' {
        foreach ($password in $passwords) {
            $all.Contains($password) | Should -BeFalse
        }
    }
}
