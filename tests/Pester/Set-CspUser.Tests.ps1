#Requires -Version 7.4

Describe 'Set-CspUser' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $start = Get-Date

        $contoso = Get-CspCustomer -Name 'Contoso'
        $adatum = Get-CspCustomer -Name 'Adatum'   # its GDAP relationship lacks User Administrator
        $plainUsers = @(Get-CspUser -CustomerId $contoso.CustomerId | Where-Object { $_.Roles.Count -eq 0 })
        $target = $plainUsers[0]
        $other = $plainUsers[1]
        $upn = $target.UserPrincipalName

        function Get-Target {
            Get-CspUser -CustomerId $contoso.CustomerId -UserId $upn
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'Names and locations' {
        It 'has users without a directory role to work on' {
            $plainUsers.Count | Should -BeGreaterOrEqual 2
        }

        It 'changes the names and office it is given, and nothing else' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -GivenName 'Megan' -Surname 'Bowen' -DisplayName 'Megan Bowen' -OfficeLocation 'Berlin'
            $after = Get-Target

            $result | Should -BeNullOrEmpty
            $after.GivenName | Should -Be 'Megan'
            $after.Surname | Should -Be 'Bowen'
            $after.DisplayName | Should -Be 'Megan Bowen'
            $after.OfficeLocation | Should -Be 'Berlin'
            $after.UserPrincipalName | Should -Be $upn
            $after.UsageLocation | Should -Be $target.UsageLocation
            ($after.Licenses | Sort-Object) -join ',' | Should -Be (($target.Licenses | Sort-Object) -join ',')
        }

        It 'returns the changed user with -PassThru, usage location in upper case' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -UsageLocation 'de' -PassThru

            @($result).Count | Should -Be 1
            $result.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.User'
            $result.UserId | Should -Be $target.UserId
            $result.UsageLocation | Should -Be 'DE'
            $result.DisplayName | Should -Be 'Megan Bowen'
            (Get-Target).UsageLocation | Should -Be 'DE'
        }

        It 'takes the user from Get-CspUser through the pipeline' {
            $result = Get-CspUser -CustomerId $contoso.CustomerId -UserId $other.UserPrincipalName | Set-CspUser -OfficeLocation 'Munich' -PassThru

            $result.UserId | Should -Be $other.UserId
            $result.OfficeLocation | Should -Be 'Munich'
            $result.Profile | Should -Be $contoso.Profile
        }

        It 'changes nothing with -WhatIf' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -DisplayName 'What If' -AddRole 'Global Reader' -WhatIf
            $after = Get-Target

            $result | Should -BeNullOrEmpty
            $after.DisplayName | Should -Be 'Megan Bowen'
            $after.Roles -contains 'Global Reader' | Should -BeFalse
        }
    }

    Context 'Roles by name' {
        It 'adds a role with -AddRole' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -AddRole 'User Administrator' -PassThru

            $result.Roles | Should -Contain 'User Administrator'
            (Get-Target).Roles | Should -Contain 'User Administrator'
        }

        It 'matches role names without regard to case and never adds a role twice' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -AddRole 'user administrator', 'License Administrator' -PassThru

            $result.Roles | Should -Contain 'License Administrator'
            @($result.Roles | Where-Object { $_ -eq 'User Administrator' }).Count | Should -Be 1
        }

        It 'removes a role with -RemoveRole and keeps the others' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -RemoveRole 'User Administrator' -PassThru

            $result.Roles | Should -Not -Contain 'User Administrator'
            $result.Roles | Should -Contain 'License Administrator'
            (Get-Target).Roles | Should -Not -Contain 'User Administrator'
        }

        It 'accepts removing a role the user does not have' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -RemoveRole 'Global Administrator' -PassThru -ErrorVariable err

            @($err).Count | Should -Be 0
            ($result.Roles | Sort-Object) -join ',' | Should -Be 'License Administrator'
        }

        It 'reports an unknown role as RoleNotFound, listing the role names, and changes nothing' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -DisplayName 'Changed' -AddRole 'Overlord' -ErrorVariable err -ErrorAction SilentlyContinue
            $after = Get-Target

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'RoleNotFound*'
            $err[0].Exception.Message | Should -Match 'Overlord'
            $err[0].Exception.Message | Should -Match 'User Administrator'
            $err[0].Exception.Message | Should -Match 'Helpdesk Administrator'
            $after.DisplayName | Should -Be 'Megan Bowen'
        }
    }

    Context 'Journal' {
        It 'journals every change as UserUpdated, with the roles after it' {
            $records = @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation 'UserUpdated' -Since $start | Where-Object Target -eq $upn)

            $records.Count | Should -BeGreaterOrEqual 5
            ($records | Where-Object Outcome -eq 'Succeeded').Count | Should -Be $records.Count
            $records[-1].After | Should -Match 'License Administrator'
            ($records.Before -join ' ') | Should -Match ([regex]::Escape($target.DisplayName))
        }
    }

    Context 'Errors' {
        It 'reports a call that names nothing to change as UserChangeEmpty' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserChangeEmpty*'
        }

        It 'reports a usage location that is not a country code as UserUsageLocationInvalid and changes nothing' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -UsageLocation 'Germany' -DisplayName 'Changed' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserUsageLocationInvalid*'
            (Get-Target).DisplayName | Should -Be 'Megan Bowen'
        }

        It 'reports a user the customer does not have as UserNotFound' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId "nobody@$($contoso.DefaultDomain)" -DisplayName 'Nobody' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'reports a value that is neither an id nor a user principal name as UserIdInvalid' {
            $result = Set-CspUser -CustomerId $contoso.CustomerId -UserId 'not a user' -DisplayName 'Nobody' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserIdInvalid*'
        }

        It 'reports a missing GDAP role as CustomerRoleMissing and changes nothing' {
            $victim = Get-CspUser -CustomerId $adatum.CustomerId | Select-Object -Last 1

            $result = Set-CspUser -CustomerId $adatum.CustomerId -UserId $victim.UserId -DisplayName 'Changed' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -Match 'User Administrator'
            (Get-CspUser -CustomerId $adatum.CustomerId -UserId $victim.UserId).DisplayName | Should -Be $victim.DisplayName
        }

        It 'keeps going after an error for one user' {
            $items = [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserId = "nobody@$($contoso.DefaultDomain)" },
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserId = $other.UserId }

            $result = @($items | Set-CspUser -OfficeLocation 'Hamburg' -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -Be 1
            $result[0].UserId | Should -Be $other.UserId
            $result[0].OfficeLocation | Should -Be 'Hamburg'
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'stops the command with -ErrorAction Stop' {
            { Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -AddRole 'Overlord' -ErrorAction Stop } | Should -Throw -ErrorId 'RoleNotFound*'
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
            { Set-CspUser -CustomerId $contoso.CustomerId -UserId $upn -DisplayName 'x' } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
