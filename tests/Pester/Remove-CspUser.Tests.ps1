#Requires -Version 7.4

Describe 'Remove-CspUser' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'
        $adatum = $customers | Where-Object CompanyName -eq 'Adatum'        # GDAP without User Administrator
        # Licensed users who hold no directory role.
        $candidates = @(Get-CspUser -CustomerId $contoso.CustomerId | Where-Object { $_.Roles.Count -eq 0 -and $_.Licenses.Count -gt 0 })

        function Test-ActiveUser {
            param([Parameter(Mandatory)] $User)
            $found = Get-CspUser -CustomerId $User.CustomerId -UserId $User.UserId -ErrorAction SilentlyContinue
            [bool] $found
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'The command' {
        It 'asks for confirmation by default (ConfirmImpact High) and supports -WhatIf' {
            $command = Get-Command -Name Remove-CspUser
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
    }

    Context '-WhatIf' {
        It 'deletes nobody, frees no seat and writes nothing to the journal' {
            $users = @($candidates[0..2])
            $seats = Get-SeatTable -Customer $contoso
            $deletedBefore = @(Get-CspUser -CustomerId $contoso.CustomerId -Deleted).Count

            $result = $users | Remove-CspUser -WhatIf -PassThru

            $result | Should -BeNullOrEmpty
            foreach ($user in $users) {
                Test-ActiveUser -User $user | Should -BeTrue
            }
            @(Get-CspUser -CustomerId $contoso.CustomerId -Deleted).Count | Should -Be $deletedBefore
            Get-SeatTable -Customer $contoso | Should -Be $seats
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context 'Deleting a user' {
        BeforeAll {
            $victim = $candidates[0]
            $seatsBefore = @($contoso | Get-CspLicense)
            $activeBefore = @(Get-CspUser -CustomerId $contoso.CustomerId).Count
            $output = $victim | Remove-CspUser -Confirm:$false
            $seatsAfter = @($contoso | Get-CspLicense)
        }

        It 'writes nothing to the pipeline without -PassThru' {
            $output | Should -BeNullOrEmpty
        }

        It 'takes the user out of the active users' {
            Test-ActiveUser -User $victim | Should -BeFalse
            @(Get-CspUser -CustomerId $contoso.CustomerId).Count | Should -Be ($activeBefore - 1)
        }

        It 'lists the user among the deleted users, with 30 days left and the licenses it held' {
            $deleted = @(Get-CspUser -CustomerId $contoso.CustomerId -Deleted -UserId $victim.UserId)

            $deleted.Count | Should -Be 1
            $deleted[0].State | Should -Be 'Deleted'
            $deleted[0].DaysLeft | Should -Be 30
            ($deleted[0].RestorableUntil - $deleted[0].DeletedDateTime).TotalDays | Should -Be 30
            (@($deleted[0].Licenses) | Sort-Object) -join ',' | Should -Be ((@($victim.Licenses) | Sort-Object) -join ',')
        }

        It 'frees each of the user''s seats at once and no other' {
            foreach ($before in $seatsBefore) {
                $after = $seatsAfter | Where-Object SkuPartNumber -eq $before.SkuPartNumber
                $freed = if ($victim.Licenses -contains $before.SkuPartNumber) { 1 } else { 0 }

                $after.Active | Should -Be $before.Active
                $after.Assigned | Should -Be ($before.Assigned - $freed) -Because $before.SkuPartNumber
                $after.Available | Should -Be ($before.Available + $freed) -Because $before.SkuPartNumber
            }
        }

        It 'journals the deletion with the licenses freed' {
            $entries = @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation UserDeleted)

            $entries.Count | Should -Be 1
            $entries[0].Target | Should -Be $victim.UserPrincipalName
            $entries[0].Outcome | Should -Be 'Succeeded'
            $entries[0].Profile | Should -Be $contoso.Profile
            $before = $entries[0].Before | ConvertFrom-Json
            $after = $entries[0].After | ConvertFrom-Json
            $before.userId | Should -Be $victim.UserId
            (@($before.licenses) | Sort-Object) -join ',' | Should -Be ((@($victim.Licenses) | Sort-Object) -join ',')
            $after.state | Should -Be 'Deleted'
            (@($after.freedLicenses) | Sort-Object) -join ',' | Should -Be ((@($victim.Licenses) | Sort-Object) -join ',')
        }

        It 'reports a user that is already deleted as UserNotFound' {
            $result = $victim | Remove-CspUser -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }
    }

    Context '-PassThru and the pipeline' {
        It 'returns the deleted user with its freed licenses and restore window' {
            $user = $candidates[1]
            $startedAt = [DateTimeOffset]::UtcNow.AddMinutes(-1)

            $deleted = $user | Remove-CspUser -Confirm:$false -PassThru

            $deleted.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.User'
            $deleted.UserId | Should -Be $user.UserId
            $deleted.UserPrincipalName | Should -Be $user.UserPrincipalName
            $deleted.State | Should -Be 'Deleted'
            $deleted.DaysLeft | Should -Be 30
            $deleted.DeletedDateTime | Should -BeGreaterThan $startedAt
            ($deleted.RestorableUntil - $deleted.DeletedDateTime).TotalDays | Should -Be 30
            (@($deleted.Licenses) | Sort-Object) -join ',' | Should -Be ((@($user.Licenses) | Sort-Object) -join ',')
        }

        It 'deletes every user piped from Get-CspUser' {
            $users = @($candidates[2..4])
            $users.Count | Should -Be 3

            $deleted = @($users | Remove-CspUser -Confirm:$false -PassThru)

            ($deleted.UserId | Sort-Object) -join ',' | Should -Be (($users.UserId | Sort-Object) -join ',')
            $listed = @(Get-CspUser -CustomerId $contoso.CustomerId -Deleted).UserId
            foreach ($user in $users) {
                $listed | Should -Contain $user.UserId
                Test-ActiveUser -User $user | Should -BeFalse
            }
        }
    }

    Context 'GDAP' {
        It 'reports CustomerRoleMissing, naming User Administrator, when the partner may not delete users' {
            $user = Get-CspUser -CustomerId $adatum.CustomerId | Where-Object { $_.Roles.Count -eq 0 } | Select-Object -First 1
            $seats = Get-SeatTable -Customer $adatum

            $result = $user | Remove-CspUser -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -BeLike '*User Administrator*'
            Test-ActiveUser -User $user | Should -BeTrue
            Get-SeatTable -Customer $adatum | Should -Be $seats
        }

        It 'journals the refused deletion as Failed' {
            $entries = @(Get-CspActivity -CustomerId $adatum.CustomerId -Operation UserDeleted)

            $entries.Count | Should -Be 1
            $entries[0].Outcome | Should -Be 'Failed'
            $entries[0].Detail | Should -BeLike '*User Administrator*'
        }
    }

    Context 'Errors' {
        It 'reports an unknown user as a non-terminating UserNotFound error' {
            $result = Remove-CspUser -CustomerId $contoso.CustomerId -UserId 'nobody@contoso.onmicrosoft.com' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'reports a user id that is neither a GUID nor a UPN as UserIdInvalid' {
            $result = Remove-CspUser -CustomerId $contoso.CustomerId -UserId 'not a user' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserIdInvalid*'
        }

        It 'deletes the other users after bad input' {
            $user = $candidates[5]
            $items = @(
                [pscustomobject]@{ CustomerId = 'contoso.onmicrosoft.com'; UserId = $user.UserId }
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserPrincipalName = 'nobody@contoso.onmicrosoft.com' }
                $user
            )

            $deleted = @($items | Remove-CspUser -Confirm:$false -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)

            $deleted.Count | Should -Be 1
            $deleted[0].UserId | Should -Be $user.UserId
            @($err).Count | Should -Be 2
            (@($err | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) | Sort-Object) -join ',' | Should -Be 'CustomerIdInvalid,UserNotFound'
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
            { Remove-CspUser -CustomerId $contoso.CustomerId -UserId $candidates[6].UserId -Confirm:$false } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
