#Requires -Version 7.4

Describe 'Restore-CspUser' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'              # 1 free Business Basic seat, 2 deleted users holding it
        $alpine = $customers | Where-Object CompanyName -eq 'Alpine Ski House'      # Business Premium full, 1 deleted user holding it
        $tailspin = $customers | Where-Object CompanyName -eq 'Tailspin Toys'       # Microsoft 365 E5 seats free for its deleted users
        $adatum = $customers | Where-Object CompanyName -eq 'Adatum'                # GDAP without User Administrator
        $contosoDeleted = @(Get-CspUser -CustomerId $contoso.CustomerId -Deleted | Sort-Object -Property UserPrincipalName)

        function Get-Seats {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku)
            $Customer | Get-CspLicense | Where-Object SkuPartNumber -eq $Sku
        }

        function Test-DeletedUser {
            param([Parameter(Mandatory)] $User)
            @(Get-CspUser -CustomerId $User.CustomerId -Deleted).UserId -contains $User.UserId
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'The command' {
        It 'supports -WhatIf and -Confirm' {
            $command = Get-Command -Name Restore-CspUser
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
    }

    Context '-WhatIf' {
        It 'restores nobody, takes no seat and writes nothing to the journal' {
            $seats = Get-SeatTable -Customer $contoso

            $result = $contosoDeleted | Restore-CspUser -WhatIf

            $result | Should -BeNullOrEmpty
            foreach ($user in $contosoDeleted) {
                Test-DeletedUser -User $user | Should -BeTrue
            }
            Get-SeatTable -Customer $contoso | Should -Be $seats
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context 'Seats are checked before the restore' {
        It 'has one free Business Basic seat for two deleted users who held it' {
            $contosoDeleted.Count | Should -Be 2
            foreach ($user in $contosoDeleted) {
                $user.Licenses | Should -Contain 'O365_BUSINESS_ESSENTIALS'
            }
            (Get-Seats -Customer $contoso -Sku O365_BUSINESS_ESSENTIALS).Available | Should -Be 1
        }

        It 'restores a user whose licenses have free seats, with its licenses' {
            $user = $contosoDeleted[0]
            $before = Get-Seats -Customer $contoso -Sku O365_BUSINESS_ESSENTIALS

            $restored = $user | Restore-CspUser

            $restored.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.User'
            $restored.UserId | Should -Be $user.UserId
            $restored.UserPrincipalName | Should -Be $user.UserPrincipalName
            $restored.State | Should -Be 'Active'
            $restored.DaysLeft | Should -BeNullOrEmpty
            (@($restored.Licenses) | Sort-Object) -join ',' | Should -Be ((@($user.Licenses) | Sort-Object) -join ',')
            (Get-CspUser -CustomerId $contoso.CustomerId -UserId $user.UserId).State | Should -Be 'Active'
            Test-DeletedUser -User $user | Should -BeFalse
            $after = Get-Seats -Customer $contoso -Sku O365_BUSINESS_ESSENTIALS
            $after.Assigned | Should -Be ($before.Assigned + 1)
            $after.Available | Should -Be 0
        }

        It 'journals the restore with the licenses before and after' {
            $entries = @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation UserRestored)

            $entries.Count | Should -Be 1
            $entries[0].Target | Should -Be $contosoDeleted[0].UserPrincipalName
            $entries[0].Outcome | Should -Be 'Succeeded'
            ($entries[0].Before | ConvertFrom-Json).licenses | Should -Contain 'O365_BUSINESS_ESSENTIALS'
            ($entries[0].After | ConvertFrom-Json).state | Should -Be 'Active'
            ($entries[0].After | ConvertFrom-Json).licenses | Should -Contain 'O365_BUSINESS_ESSENTIALS'
        }

        It 'refuses with LicenseSeatsExhausted, naming the license, when a license has no free seat' {
            $user = $contosoDeleted[1]
            $seats = Get-SeatTable -Customer $contoso

            $result = $user | Restore-CspUser -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LicenseSeatsExhausted*'
            $err[0].Exception.Message | Should -BeLike '*O365_BUSINESS_ESSENTIALS*'
            Test-DeletedUser -User $user | Should -BeTrue
            Get-SeatTable -Customer $contoso | Should -Be $seats
            @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation UserRestored).Count | Should -Be 1
        }

        It 'restores the user without that license with -SkipUnavailableLicenses, and warns' {
            $user = $contosoDeleted[1]
            $seats = Get-SeatTable -Customer $contoso

            $restored = $user | Restore-CspUser -SkipUnavailableLicenses -WarningVariable skipped -WarningAction SilentlyContinue

            $restored.State | Should -Be 'Active'
            @($restored.Licenses) -contains 'O365_BUSINESS_ESSENTIALS' | Should -BeFalse
            Test-DeletedUser -User $user | Should -BeFalse
            @($skipped).Count | Should -Be 1
            $skipped[0].Message | Should -BeLike '*O365_BUSINESS_ESSENTIALS*'
            Get-SeatTable -Customer $contoso | Should -Be $seats
        }

        It 'buys the missing seat with -AutoIncrease, then restores the user with its license' {
            $user = Get-CspUser -CustomerId $alpine.CustomerId -Deleted | Where-Object { $_.Licenses -contains 'SPB' } | Select-Object -First 1
            $user | Should -Not -BeNullOrEmpty
            $before = Get-Seats -Customer $alpine -Sku SPB
            $before.Available | Should -Be 0
            $subscription = $alpine | Get-CspSubscription |
                Where-Object { $_.SkuPartNumber -eq 'SPB' -and $_.ProvidedByThisPartner -and $_.Status -eq 'active' -and -not $_.IsTrial } |
                Sort-Object -Property Quantity -Descending | Select-Object -First 1

            $restored = $user | Restore-CspUser -AutoIncrease -WarningVariable bought -WarningAction SilentlyContinue

            $restored.State | Should -Be 'Active'
            $restored.Licenses | Should -Contain 'SPB'
            (Get-CspSubscription -CustomerId $alpine.CustomerId -SubscriptionId $subscription.SubscriptionId).Quantity | Should -Be ($subscription.Quantity + 1)
            $after = Get-Seats -Customer $alpine -Sku SPB
            $after.Active | Should -Be ($before.Active + 1)
            $after.Assigned | Should -Be ($before.Assigned + 1)
            @($bought).Count | Should -Be 1
            $bought[0].Message | Should -BeLike '*1 seat*SPB*'
            $purchases = @(Get-CspActivity -CustomerId $alpine.CustomerId -Operation SeatsBought)
            $purchases.Count | Should -Be 1
            $purchases[0].Target | Should -Be $subscription.SubscriptionId
            $purchases[0].Outcome | Should -Be 'Succeeded'
        }
    }

    Context 'Delete, then restore' {
        It 'gives the user back the seats that the deletion freed' {
            $user = Get-CspUser -CustomerId $contoso.CustomerId | Where-Object { $_.Roles.Count -eq 0 -and $_.Licenses.Count -gt 0 } | Select-Object -First 1
            $seats = Get-SeatTable -Customer $contoso

            $user | Remove-CspUser -Confirm:$false
            $deleted = Get-CspUser -CustomerId $contoso.CustomerId -Deleted -UserId $user.UserId
            $deleted.DaysLeft | Should -Be 30
            Get-SeatTable -Customer $contoso | Should -Not -Be $seats

            $restored = $deleted | Restore-CspUser

            (@($restored.Licenses) | Sort-Object) -join ',' | Should -Be ((@($user.Licenses) | Sort-Object) -join ',')
            Get-SeatTable -Customer $contoso | Should -Be $seats
        }

        It 'restores every deleted user piped from Get-CspUser -Deleted' {
            $deleted = @(Get-CspUser -CustomerId $tailspin.CustomerId -Deleted)
            $deleted.Count | Should -BeGreaterThan 1
            $before = Get-Seats -Customer $tailspin -Sku SPE_E5
            $before.Available | Should -BeGreaterOrEqual $deleted.Count

            $restored = @($deleted | Restore-CspUser)

            ($restored.UserId | Sort-Object) -join ',' | Should -Be (($deleted.UserId | Sort-Object) -join ',')
            foreach ($user in $restored) {
                $user.State | Should -Be 'Active'
                $user.Licenses | Should -Contain 'SPE_E5'
            }
            @(Get-CspUser -CustomerId $tailspin.CustomerId -Deleted).Count | Should -Be 0
            (Get-Seats -Customer $tailspin -Sku SPE_E5).Assigned | Should -Be ($before.Assigned + $deleted.Count)
        }
    }

    Context 'Users that cannot be restored' {
        It 'reports an active user as UserNotDeleted' {
            $active = Get-CspUser -CustomerId $contoso.CustomerId | Select-Object -First 1

            $result = $active | Restore-CspUser -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotDeleted*'
        }

        It 'reports a user deleted more than 30 days ago as UserPermanentlyDeleted' {
            # The journal remembers the deletion; Microsoft has purged the user since.
            $upn = 'former.employee@contoso.onmicrosoft.com'
            $line = [ordered]@{
                id         = [guid]::NewGuid().ToString('N')
                time       = [DateTimeOffset]::UtcNow.AddDays(-31).ToString('o')
                operation  = 'UserDeleted'
                profile    = $contoso.Profile
                customerId = $contoso.CustomerId
                target     = $upn
                before     = @{ userId = [guid]::NewGuid().Guid; licenses = @('O365_BUSINESS_ESSENTIALS'); state = 'Active' }
                after      = @{ state = 'Deleted' }
                outcome    = 'Succeeded'
            } | ConvertTo-Json -Compress -Depth 5
            Add-Content -LiteralPath $journalPath -Value $line -Encoding utf8NoBOM

            $result = Restore-CspUser -CustomerId $contoso.CustomerId -UserId $upn -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserPermanentlyDeleted*'
            $err[0].Exception.Message | Should -BeLike "*$((Get-Date).ToUniversalTime().AddDays(-31).ToString('yyyy-MM-dd'))*"
        }

        It 'reports a user the customer never had as UserPermanentlyDeleted' {
            $result = Restore-CspUser -CustomerId $contoso.CustomerId -UserId 'never.here@contoso.onmicrosoft.com' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserPermanentlyDeleted*'
        }

        It 'reports a user id that is neither a GUID nor a UPN as UserIdInvalid' {
            $result = Restore-CspUser -CustomerId $contoso.CustomerId -UserId 'not a user' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserIdInvalid*'
        }

        It 'reports CustomerRoleMissing, naming User Administrator, when the partner may not restore users' {
            $user = Get-CspUser -CustomerId $adatum.CustomerId -Deleted | Select-Object -First 1
            $seats = Get-SeatTable -Customer $adatum

            $result = $user | Restore-CspUser -SkipUnavailableLicenses -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -BeLike '*User Administrator*'
            Test-DeletedUser -User $user | Should -BeTrue
            Get-SeatTable -Customer $adatum | Should -Be $seats
            $entries = @(Get-CspActivity -CustomerId $adatum.CustomerId -Operation UserRestored)
            $entries.Count | Should -Be 1
            $entries[0].Outcome | Should -Be 'Failed'
        }

        It 'goes on with the other users after bad input' {
            $user = Get-CspUser -CustomerId $contoso.CustomerId | Where-Object { $_.Roles.Count -eq 0 -and $_.Licenses.Count -gt 0 } | Select-Object -Last 1
            $user | Remove-CspUser -Confirm:$false
            $items = @(
                [pscustomobject]@{ CustomerId = 'not-a-guid'; UserId = $user.UserId }
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserPrincipalName = 'never.here@contoso.onmicrosoft.com' }
                $user
            )

            $restored = @($items | Restore-CspUser -ErrorVariable err -ErrorAction SilentlyContinue)

            $restored.Count | Should -Be 1
            $restored[0].UserId | Should -Be $user.UserId
            @($err).Count | Should -Be 2
            (@($err | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) | Sort-Object) -join ',' | Should -Be 'CustomerIdInvalid,UserPermanentlyDeleted'
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
            { Restore-CspUser -CustomerId $contoso.CustomerId -UserId $contosoDeleted[0].UserId } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
