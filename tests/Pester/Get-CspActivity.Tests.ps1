#Requires -Version 7.4

Describe 'Get-CspActivity' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'      # emulator-eu; EMS has no free seat
        $fabrikam = $customers | Where-Object CompanyName -eq 'Fabrikam'    # emulator-us; one free Power BI Pro seat
        $startedAt = Get-Date

        # The changes this file reads back, in this order:
        $contosoUsers = @(Get-CspUser -CustomerId $contoso.CustomerId | Where-Object { $_.Roles.Count -eq 0 })
        # 1. LicensesChanged: one user gives up EMS (one EMS seat is then free).
        $emsLeaver = $contosoUsers | Where-Object { $_.Licenses -contains 'EMS' } | Select-Object -First 1
        $emsLeaver | Set-CspUserLicense -Remove EMS | Out-Null
        # 2. SeatsBought (one seat) and LicensesChanged twice: two users get EMS.
        $emsJoiners = @($contosoUsers | Where-Object { $_.Licenses -notcontains 'EMS' -and $_.UserId -ne $emsLeaver.UserId } | Select-Object -First 2)
        $emsJoiners | Set-CspUserLicense -Add EMS -AutoIncrease -WarningAction SilentlyContinue | Out-Null
        # 3. UserDeleted and 4. UserRestored.
        $leaver = $contosoUsers | Where-Object { $_.Licenses.Count -gt 0 -and $_.UserId -notin @($emsLeaver.UserId) + $emsJoiners.UserId } | Select-Object -First 1
        $leaver | Remove-CspUser -Confirm:$false
        $leaver | Restore-CspUser | Out-Null
        # 5. LicensesChanged in another customer, through the other profile.
        $biUser = Get-CspUser -CustomerId $fabrikam.CustomerId | Where-Object { $_.Licenses -notcontains 'POWER_BI_PRO' } | Select-Object -First 1
        $biUser | Set-CspUserLicense -Add POWER_BI_PRO | Out-Null

        $records = @(Get-CspActivity)
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'Every change made' {
        It 'returns one ActivityRecord per change' {
            $records.Count | Should -Be 7
            foreach ($record in $records) {
                $record.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.ActivityRecord'
                $record.Outcome | Should -Be 'Succeeded'
                $record.Time | Should -Not -BeNullOrEmpty
            }
        }

        It 'lists the operations in the order the changes were made' {
            ($records.Operation -join ',') |
                Should -Be 'LicensesChanged,SeatsBought,LicensesChanged,LicensesChanged,UserDeleted,UserRestored,LicensesChanged'
            for ($i = 1; $i -lt $records.Count; $i++) {
                $records[$i].Time | Should -BeGreaterOrEqual $records[$i - 1].Time
            }
        }

        It 'names the customer, the profile and the target of each change' {
            ($records | Where-Object CustomerId -eq $contoso.CustomerId).Count | Should -Be 6
            ($records | Where-Object CustomerId -eq $fabrikam.CustomerId).Count | Should -Be 1
            foreach ($record in $records) {
                $customer = $customers | Where-Object CustomerId -eq $record.CustomerId
                $record.Profile | Should -Be $customer.Profile
            }
            $records[0].Target | Should -Be $emsLeaver.UserPrincipalName
            ($records | Where-Object Operation -eq 'UserDeleted').Target | Should -Be $leaver.UserPrincipalName
            ($records | Where-Object Operation -eq 'UserRestored').Target | Should -Be $leaver.UserPrincipalName
            $records[6].Target | Should -Be $biUser.UserPrincipalName
        }

        It 'keeps the licenses before and after a license change as JSON' {
            $before = $records[0].Before | ConvertFrom-Json
            $after = $records[0].After | ConvertFrom-Json

            $before.licenses | Should -Contain 'EMS'
            @($after.licenses) -contains 'EMS' | Should -BeFalse
        }

        It 'keeps the subscription and the quantities of a seat purchase' {
            $purchase = $records | Where-Object Operation -eq 'SeatsBought'
            $subscription = Get-CspSubscription -CustomerId $contoso.CustomerId -SubscriptionId $purchase.Target

            $subscription.SkuPartNumber | Should -Be 'EMS'
            ($purchase.Before | ConvertFrom-Json).sku | Should -Be 'EMS'
            ($purchase.After | ConvertFrom-Json).quantity | Should -Be ((($purchase.Before | ConvertFrom-Json).quantity) + 1)
            ($purchase.After | ConvertFrom-Json).quantity | Should -Be $subscription.Quantity
            $purchase.Detail | Should -BeLike '1 seat*'
        }

        It 'keeps the licenses a deletion freed and a restore gave back' {
            $deleted = $records | Where-Object Operation -eq 'UserDeleted'
            $restored = $records | Where-Object Operation -eq 'UserRestored'
            $expected = (@($leaver.Licenses) | Sort-Object) -join ','

            (@(($deleted.After | ConvertFrom-Json).freedLicenses) | Sort-Object) -join ',' | Should -Be $expected
            ($restored.After | ConvertFrom-Json).state | Should -Be 'Active'
            (@(($restored.After | ConvertFrom-Json).licenses) | Sort-Object) -join ',' | Should -Be $expected
        }
    }

    Context 'Filters' {
        It 'keeps the operations named with -Operation' {
            @(Get-CspActivity -Operation LicensesChanged).Count | Should -Be 4
            @(Get-CspActivity -Operation SeatsBought, UserDeleted).Count | Should -Be 2
            @(Get-CspActivity -Operation licenseschanged).Count | Should -Be 4
        }

        It 'accepts wildcards in -Operation' {
            $users = @(Get-CspActivity -Operation 'User*')

            ($users.Operation -join ',') | Should -Be 'UserDeleted,UserRestored'
            @(Get-CspActivity -Operation '*').Count | Should -Be $records.Count
        }

        It 'keeps one customer with -CustomerId, by name, alias or position' {
            @(Get-CspActivity -CustomerId $contoso.CustomerId).Count | Should -Be 6
            @(Get-CspActivity -TenantId $fabrikam.CustomerId).Count | Should -Be 1
            @(Get-CspActivity $fabrikam.CustomerId).Count | Should -Be 1
            @(Get-CspActivity -CustomerId ([guid]::NewGuid().Guid)).Count | Should -Be 0
        }

        It 'takes the customers from the pipeline' {
            $fromPipeline = @(Get-CspCustomer -Name 'Fabrikam' | Get-CspActivity)

            $fromPipeline.Count | Should -Be 1
            $fromPipeline[0].Target | Should -Be $biUser.UserPrincipalName
        }

        It 'keeps the changes made at or after -Since' {
            @(Get-CspActivity -Since $startedAt).Count | Should -Be $records.Count
            @(Get-CspActivity -Since (Get-Date).AddDays(-30)).Count | Should -Be $records.Count
            @(Get-CspActivity -Since (Get-Date).AddMinutes(5)).Count | Should -Be 0
            @(Get-CspActivity -Since $records[4].Time.LocalDateTime).Operation -join ',' | Should -Be 'UserDeleted,UserRestored,LicensesChanged'
        }

        It 'combines the filters' {
            @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation LicensesChanged -Since $startedAt).Count | Should -Be 3
        }

        It 'exports the license changes of the last 30 days to CSV for billing reconciliation' {
            $csv = Join-Path $TestDrive 'license-changes.csv'

            Get-CspActivity -Since (Get-Date).AddDays(-30) -Operation LicensesChanged, SeatsBought |
                Select-Object -Property Time, CustomerId, Operation, Target, Outcome, Before, After, Profile |
                Export-Csv -Path $csv -NoTypeInformation -Encoding utf8
            $rows = @(Import-Csv -Path $csv)

            $rows.Count | Should -Be 5
            ($rows.Operation | Sort-Object -Unique) -join ',' | Should -Be 'LicensesChanged,SeatsBought'
            ($rows | Where-Object Operation -eq 'LicensesChanged').Target | Should -Contain $emsJoiners[0].UserPrincipalName
            ($rows[0].Before | ConvertFrom-Json).licenses | Should -Contain 'EMS'
        }
    }

    Context 'The journal file' {
        It 'is the file named by CSPADMIN_JOURNAL_PATH, one JSON object per line' {
            Test-Path -LiteralPath $journalPath | Should -BeTrue
            $lines = @(Get-Content -LiteralPath $journalPath | Where-Object { $_ })

            $lines.Count | Should -Be ($records.Count * 2)
            foreach ($line in $lines) {
                { $line | ConvertFrom-Json } | Should -Not -Throw
            }
        }

        It 'has a line when each change starts and another with its outcome' {
            $entries = @(Get-Content -LiteralPath $journalPath | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })

            foreach ($change in $entries | Group-Object -Property id) {
                $change.Count | Should -Be 2
                $change.Group[0].outcome | Should -Be 'Started'
                $change.Group[1].outcome | Should -Be 'Succeeded'
                $change.Group[0].operation | Should -Be $change.Group[1].operation
            }
        }

        It 'holds no token or secret' {
            $text = Get-Content -LiteralPath $journalPath -Raw

            $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.'
            $text | Should -Not -Match 'Bearer'
            $text | Should -Not -Match 'refresh_?token'
            $text | Should -Not -Match 'client_?secret'
        }

        It 'shows a change whose outcome was never written as Started, with what it intended' {
            $id = [guid]::NewGuid().ToString('N')
            $line = [ordered]@{
                id         = $id
                time       = [DateTimeOffset]::UtcNow.ToString('o')
                operation  = 'LicensesChanged'
                profile    = $contoso.Profile
                customerId = $contoso.CustomerId
                target     = 'interrupted@contoso.onmicrosoft.com'
                before     = @{ licenses = @('ENTERPRISEPACK') }
                after      = @{ add = @('SPE_E3'); remove = @('ENTERPRISEPACK') }
                outcome    = 'Started'
            } | ConvertTo-Json -Compress -Depth 5
            Add-Content -LiteralPath $journalPath -Value $line -Encoding utf8NoBOM

            $interrupted = @(Get-CspActivity -Operation LicensesChanged | Where-Object Outcome -eq 'Started')

            $interrupted.Count | Should -Be 1
            $interrupted[0].Target | Should -Be 'interrupted@contoso.onmicrosoft.com'
            ($interrupted[0].After | ConvertFrom-Json).add | Should -Contain 'SPE_E3'
        }

        It 'skips a line cut short by a stopped process' {
            $count = @(Get-CspActivity).Count
            Add-Content -LiteralPath $journalPath -Value '{"id":"0123456789abcdef","time":"2025-01-01T00:00:00+00:00","operation":"Licen' -Encoding utf8NoBOM

            { Get-CspActivity -ErrorAction Stop } | Should -Not -Throw
            @(Get-CspActivity).Count | Should -Be $count
        }
    }

    Context 'Nothing connected' {
        BeforeAll {
            Disconnect-CspService
        }

        AfterAll {
            Connect-CspService -Emulator | Out-Null
        }

        It 'reads the journal without any connection' {
            @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation UserDeleted).Count | Should -Be 1
        }
    }
}
