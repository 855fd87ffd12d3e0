#Requires -Version 7.4

Describe 'Get-CspUserLicense' {
    BeforeAll {
        # Never the real journal: this file changes nothing, but the session's journal is set up the same way everywhere.
        $savedJournalPath = $env:CSPADMIN_JOURNAL_PATH
        $env:CSPADMIN_JOURNAL_PATH = Join-Path $TestDrive 'journal.jsonl'

        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        $contoso = Get-CspCustomer -Name 'Contoso'
        $users = @($contoso | Get-CspUser)
        $licensed = @($users | Where-Object { $_.Licenses.Count -gt 0 })
        $unlicensed = @($users | Where-Object { $_.Licenses.Count -eq 0 })
        $rows = @($users | Get-CspUserLicense)
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'Users piped from Get-CspUser' {
        It 'returns one UserLicense per license of each user' {
            $expected = ($users | ForEach-Object { $_.Licenses.Count } | Measure-Object -Sum).Sum

            $rows.Count | Should -Be $expected
            foreach ($row in $rows) {
                $row.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.UserLicense'
                $row.CustomerId | Should -Be $contoso.CustomerId
                $row.Profile | Should -Be $contoso.Profile
            }
        }

        It 'lists exactly the licenses Get-CspUser shows for each user' {
            foreach ($user in $licensed) {
                $own = @($rows | Where-Object UserId -eq $user.UserId)

                ($own.SkuPartNumber | Sort-Object) -join ',' | Should -Be (($user.Licenses | Sort-Object) -join ',')
                ($own.Product | Sort-Object) -join ',' | Should -Be (($user.Products | Sort-Object) -join ',')
                ($own.UserPrincipalName | Sort-Object -Unique) -join ',' | Should -Be $user.UserPrincipalName
            }
        }

        It 'gives each license its SKU id, part number and friendly product name' {
            foreach ($row in $rows) {
                $row.SkuId | Should -Match $guidPattern
                $row.SkuPartNumber | Should -Not -BeNullOrEmpty
                $row.Product | Should -Not -BeNullOrEmpty
                $row.Product | Should -Not -Be $row.SkuPartNumber
            }
        }

        It 'names the service plans switched off by their plan names' {
            $withPlansOff = @($rows | Where-Object { $_.DisabledPlans.Count -gt 0 })

            $withPlansOff.Count | Should -BeGreaterThan 0
            foreach ($row in $withPlansOff) {
                foreach ($plan in $row.DisabledPlans) {
                    $plan | Should -Not -BeNullOrEmpty
                    $plan | Should -Not -Match $guidPattern
                }
            }
        }

        It 'returns nothing, and no error, for a user without a license' {
            $unlicensed.Count | Should -BeGreaterThan 0
            $result = @($unlicensed | Get-CspUserLicense -ErrorVariable err)

            $result.Count | Should -Be 0
            @($err).Count | Should -Be 0
        }
    }

    Context 'By customer and user id' {
        It 'takes the tenant id and the user principal name by position' {
            $user = $licensed[0]
            $result = @(Get-CspUserLicense $contoso.CustomerId $user.UserPrincipalName)

            ($result.SkuPartNumber | Sort-Object) -join ',' | Should -Be (($user.Licenses | Sort-Object) -join ',')
            ($result.UserId | Sort-Object -Unique) -join ',' | Should -Be $user.UserId
        }

        It 'takes the object id and the TenantId alias' {
            $user = $licensed[1]
            $result = @(Get-CspUserLicense -TenantId $contoso.CustomerId -UserId $user.UserId -Profile $contoso.Profile)

            ($result.SkuPartNumber | Sort-Object) -join ',' | Should -Be (($user.Licenses | Sort-Object) -join ',')
        }

        It 'takes UserPrincipalName from piped objects' {
            $user = $licensed[2]
            $result = @([pscustomobject]@{ TenantId = $contoso.CustomerId; UserPrincipalName = $user.UserPrincipalName } | Get-CspUserLicense)

            ($result.SkuPartNumber | Sort-Object) -join ',' | Should -Be (($user.Licenses | Sort-Object) -join ',')
        }
    }

    Context 'Errors' {
        It 'reports a user id that is neither a GUID nor a UPN as a non-terminating UserIdInvalid error' {
            $result = Get-CspUserLicense -CustomerId $contoso.CustomerId -UserId 'not a user' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserIdInvalid*'
        }

        It 'reports an unknown user as a non-terminating UserNotFound error' {
            $result = Get-CspUserLicense -CustomerId $contoso.CustomerId -UserId 'nobody@contoso.onmicrosoft.com' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'reports a deleted user as UserNotFound' {
            $deleted = Get-CspUser -CustomerId $contoso.CustomerId -Deleted | Select-Object -First 1
            $result = $deleted | Get-CspUserLicense -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'goes on with the other users after bad input' {
            $items = @(
                [pscustomobject]@{ CustomerId = 'not-a-guid'; UserId = $licensed[0].UserId }
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserId = 'not a user' }
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserId = 'nobody@contoso.onmicrosoft.com' }
                $licensed[0]
            )
            $result = @($items | Get-CspUserLicense -ErrorVariable err -ErrorAction SilentlyContinue)

            ($result.SkuPartNumber | Sort-Object) -join ',' | Should -Be (($licensed[0].Licenses | Sort-Object) -join ',')
            @($err).Count | Should -Be 3
            ($err.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Sort-Object) -join ',' |
                Should -Be 'CustomerIdInvalid,UserIdInvalid,UserNotFound'
        }

        It 'stops the command with -ErrorAction Stop' {
            { Get-CspUserLicense -CustomerId $contoso.CustomerId -UserId 'nobody@contoso.onmicrosoft.com' -ErrorAction Stop } |
                Should -Throw -ErrorId 'UserNotFound*'
        }
    }

    Context 'Nothing connected' {
        BeforeAll {
            Disconnect-CspService
        }

        AfterAll {
            Connect-CspService -Emulator | Out-Null
        }

        It 'stops with NotConnected' {
            { Get-CspUserLicense -CustomerId $contoso.CustomerId -UserId $licensed[0].UserId } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
