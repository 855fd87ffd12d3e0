#Requires -Version 7.4

Describe 'Reset-CspUserPassword' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $start = Get-Date

        $contoso = Get-CspCustomer -Name 'Contoso'
        $adatum = Get-CspCustomer -Name 'Adatum'   # its GDAP relationship lacks User Administrator
        $newUser = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "reset.target@$($contoso.DefaultDomain)" -GivenName 'Reset' -Surname 'Target'
        $firstPassword = $newUser.Password | ConvertFrom-SecureString -AsPlainText
        $seeded = Get-CspUser -CustomerId $contoso.CustomerId | Where-Object { $_.Roles.Count -eq 0 } | Select-Object -First 1

        $reset = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $newUser.UserPrincipalName -Confirm:$false
        $plain = $reset.Password | ConvertFrom-SecureString -AsPlainText
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'A generated password' {
        It 'returns one PasswordResetResult for the user' {
            @($reset).Count | Should -Be 1
            $reset.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.PasswordResetResult'
            $reset.CustomerId | Should -Be $contoso.CustomerId
            $reset.UserId | Should -Be $newUser.UserId
            $reset.UserPrincipalName | Should -Be $newUser.UserPrincipalName
            $reset.Profile | Should -Be $contoso.Profile
        }

        It 'returns a new password as a SecureString that meets the rules' {
            $reset.Password | Should -BeOfType [securestring]
            $plain.Length | Should -Be 16
            $plain | Should -MatchExactly '[A-Z]'
            $plain | Should -MatchExactly '[a-z]'
            $plain | Should -Match '[0-9]'
            $plain | Should -Match '[^A-Za-z0-9]'
            $plain | Should -Not -Be $firstPassword
        }

        It 'gives a different password on every reset' {
            $again = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $newUser.UserId -Confirm:$false

            ($again.Password | ConvertFrom-SecureString -AsPlainText) | Should -Not -Be $plain
        }

        It 'requires a change at the next sign-in' {
            $reset.ForceChangePasswordNextSignIn | Should -BeTrue
        }

        It "sends the notice to the user's own address when -NotifyEmail is not given" {
            # A new user has no mailbox yet, so its address is its user principal name.
            $reset.NotifyEmail | Should -Be $newUser.UserPrincipalName
        }
    }

    Context 'Options' {
        It 'records the address given with -NotifyEmail' {
            $result = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $newUser.UserId -NotifyEmail ' helpdesk@contoso.com ' -Confirm:$false

            $result.NotifyEmail | Should -Be 'helpdesk@contoso.com'
            $result.Password | Should -BeOfType [securestring]
        }

        It 'sets a given password and lets the user keep it with -NoPasswordChangeRequired' {
            $given = ConvertTo-SecureString -String 'Scanner-Contoso-2025!' -AsPlainText -Force

            $result = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $newUser.UserId -Password $given -NoPasswordChangeRequired -Confirm:$false

            ($result.Password | ConvertFrom-SecureString -AsPlainText) | Should -Be 'Scanner-Contoso-2025!'
            $result.ForceChangePasswordNextSignIn | Should -BeFalse
        }

        It 'takes users from Get-CspUser through the pipeline' {
            $result = Get-CspUser -CustomerId $contoso.CustomerId -UserId $seeded.UserPrincipalName | Reset-CspUserPassword -Confirm:$false

            @($result).Count | Should -Be 1
            $result.UserId | Should -Be $seeded.UserId
            $result.Profile | Should -Be $contoso.Profile
            $result.NotifyEmail | Should -Match '@'
        }

        It 'resets nothing with -WhatIf' {
            $before = Get-Date

            $result = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $seeded.UserId -WhatIf

            $result | Should -BeNullOrEmpty
            Get-CspActivity -CustomerId $contoso.CustomerId -Operation 'PasswordReset' -Since $before | Should -BeNullOrEmpty
        }
    }

    Context 'Journal' {
        It 'journals each reset as PasswordReset, with the notice address' {
            $records = @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation 'PasswordReset' -Since $start |
                    Where-Object Target -eq $newUser.UserPrincipalName)

            $records.Count | Should -Be 4
            foreach ($record in $records) {
                $record.Outcome | Should -Be 'Succeeded'
            }

            ($records.After -join ' ') | Should -Match 'helpdesk@contoso\.com'
        }

        It 'never journals a password' {
            $text = (Get-CspActivity -CustomerId $contoso.CustomerId -Since $start |
                    ForEach-Object { "$($_.Before) $($_.After) $($_.Detail)" }) -join "`n"

            $text.Contains($plain) | Should -BeFalse
            $text.Contains($firstPassword) | Should -BeFalse
            $text.Contains('Scanner-Contoso-2025!') | Should -BeFalse
        }
    }

    Context 'Errors' {
        It 'refuses a weak password with UserPasswordInvalid' {
            $weak = ConvertTo-SecureString -String 'abc' -AsPlainText -Force

            $result = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $newUser.UserId -Password $weak -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserPasswordInvalid*'
        }

        It 'reports a user the customer does not have as UserNotFound' {
            $result = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId "nobody@$($contoso.DefaultDomain)" -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'reports a value that is neither an id nor a user principal name as UserIdInvalid' {
            $result = Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId 'not a user' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserIdInvalid*'
        }

        It 'reports a missing GDAP role as CustomerRoleMissing naming User Administrator' {
            $victim = Get-CspUser -CustomerId $adatum.CustomerId | Select-Object -Last 1

            $result = Reset-CspUserPassword -CustomerId $adatum.CustomerId -UserId $victim.UserId -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -Match 'User Administrator'
        }

        It 'reports a value that is not a tenant id as CustomerIdInvalid' {
            $result = Reset-CspUserPassword -CustomerId 'contoso' -UserId $newUser.UserId -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'stops the command with -ErrorAction Stop' {
            { Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId "nobody@$($contoso.DefaultDomain)" -Confirm:$false -ErrorAction Stop } |
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
            { Reset-CspUserPassword -CustomerId $contoso.CustomerId -UserId $newUser.UserId -Confirm:$false } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
