#Requires -Version 7.4

Describe 'New-CspUser' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $start = Get-Date

        $contoso = Get-CspCustomer -Name 'Contoso'
        $adatum = Get-CspCustomer -Name 'Adatum'   # its GDAP relationship lacks User Administrator
        $domain = $contoso.DefaultDomain
        $seeded = @(Get-CspUser -CustomerId $contoso.CustomerId)
        $country = $seeded[0].UsageLocation

        # A product of ours (so -AutoIncrease can buy it) with at least one free seat.
        $ours = @(Get-CspSubscription -CustomerId $contoso.CustomerId |
                Where-Object { $_.ProvidedByThisPartner -and $_.Status -eq 'active' -and -not $_.IsTrial }).SkuPartNumber
        $sku = Get-CspLicense -CustomerId $contoso.CustomerId |
            Where-Object { $_.Available -gt 0 -and $_.SkuPartNumber -in $ours } |
            Select-Object -First 1

        function Get-Seats([string] $PartNumber) {
            Get-CspLicense -CustomerId $contoso.CustomerId | Where-Object SkuPartNumber -eq $PartNumber
        }

        function Get-OneUser([string] $CustomerId, [string] $UserPrincipalName) {
            Get-CspUser -CustomerId $CustomerId -UserId $UserPrincipalName -ErrorAction SilentlyContinue
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'A licensed user' {
        BeforeAll {
            $seatsBefore = Get-Seats $sku.SkuPartNumber
            $upn = "adele.vance@$domain"
            $new = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName $upn -GivenName 'Adele' -Surname 'Vance' -License $sku.SkuPartNumber
            $plain = $new.Password | ConvertFrom-SecureString -AsPlainText
        }

        It 'has a product with a free seat to assign' {
            $sku | Should -Not -BeNullOrEmpty
        }

        It 'returns one CreatedUser for the new user' {
            @($new).Count | Should -Be 1
            $new.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.CreatedUser'
            $new.UserPrincipalName | Should -Be $upn
            $new.CustomerId | Should -Be $contoso.CustomerId
            $new.Profile | Should -Be $contoso.Profile
            $new.State | Should -Be 'Active'
            $new.AccountEnabled | Should -BeTrue
        }

        It 'makes the display name from the given name and surname' {
            $new.DisplayName | Should -Be 'Adele Vance'
            $new.GivenName | Should -Be 'Adele'
            $new.Surname | Should -Be 'Vance'
        }

        It "gives the user the customer's country as usage location" {
            $country | Should -Match '^[A-Z]{2}$'
            $new.UsageLocation | Should -Be $country
        }

        It 'appears in Get-CspUser with its license' {
            $listed = Get-OneUser $contoso.CustomerId $upn

            $listed | Should -Not -BeNullOrEmpty
            $listed.UserId | Should -Be $new.UserId
            $listed.Licenses | Should -Be @($sku.SkuPartNumber)
            $listed.Products | Should -Be @($sku.Product)
            $new.Licenses | Should -Be @($sku.SkuPartNumber)
        }

        It "raises the license's assigned seats by one" {
            $seatsAfter = Get-Seats $sku.SkuPartNumber

            $seatsAfter.Assigned | Should -Be ($seatsBefore.Assigned + 1)
            $seatsAfter.Active | Should -Be $seatsBefore.Active
        }

        It 'returns the generated password as a SecureString that meets the rules' {
            $new.Password | Should -BeOfType [securestring]
            $plain.Length | Should -Be 16
            $plain | Should -MatchExactly '[A-Z]'
            $plain | Should -MatchExactly '[a-z]'
            $plain | Should -Match '[0-9]'
            $plain | Should -Match '[^A-Za-z0-9]'
        }

        It 'requires a password change at the first sign-in' {
            $new.ForceChangePasswordNextSignIn | Should -BeTrue
        }

        It 'journals the creation and the license, and never the password' {
            $records = @(Get-CspActivity -CustomerId $contoso.CustomerId -Since $start | Where-Object Target -eq $upn)

            ($records | Where-Object Operation -eq 'UserCreated').Outcome | Should -Be 'Succeeded'
            ($records | Where-Object Operation -eq 'LicensesChanged').Outcome | Should -Be 'Succeeded'
            foreach ($record in $records) {
                "$($record.Before) $($record.After) $($record.Detail)".Contains($plain) | Should -BeFalse
            }
        }

        It 'generates a different password for every user' {
            $other = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "alex.wilber@$domain" -GivenName 'Alex' -Surname 'Wilber'

            ($other.Password | ConvertFrom-SecureString -AsPlainText) | Should -Not -Be $plain
            $other.Licenses.Count | Should -Be 0
        }
    }

    Context 'Seats' {
        BeforeAll {
            # Take whatever free seats the product still has, so that none is left.
            $left = (Get-Seats $sku.SkuPartNumber).Available
            if ($left -gt 0) {
                foreach ($i in 1..$left) {
                    New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "seat.filler$i@$domain" -License $sku.SkuPartNumber | Out-Null
                }
            }
        }

        It 'creates nobody when a license has no free seat' {
            $full = Get-Seats $sku.SkuPartNumber
            $full.Available | Should -Be 0
            $upn = "no.seat@$domain"

            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName $upn -License $sku.SkuPartNumber -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LicenseSeatsExhausted*'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($sku.SkuPartNumber))
            Get-OneUser $contoso.CustomerId $upn | Should -BeNullOrEmpty
            (Get-Seats $sku.SkuPartNumber).Assigned | Should -Be $full.Assigned
        }

        It 'buys the missing seat with -AutoIncrease' {
            $before = Get-Seats $sku.SkuPartNumber
            $upn = "bought.seat@$domain"

            $new = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName $upn -License $sku.Product -AutoIncrease -WarningVariable warnings -WarningAction SilentlyContinue
            $after = Get-Seats $sku.SkuPartNumber

            $new.Licenses | Should -Be @($sku.SkuPartNumber)
            $after.Active | Should -Be ($before.Active + 1)
            $after.Assigned | Should -Be ($before.Assigned + 1)
            ($warnings -join "`n") | Should -Match 'Bought 1 seat'
            $bought = @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation 'SeatsBought' -Since $start)
            $bought.Count | Should -Be 1
            $bought[0].Outcome | Should -Be 'Succeeded'
        }
    }

    Context 'Options' {
        It 'takes an explicit usage location, office and display name' {
            $new = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "diego.siciliani@$domain" -GivenName 'Diego' -Surname 'Siciliani' `
                -DisplayName 'Diego S.' -UsageLocation 'de' -OfficeLocation 'Berlin'

            $new.DisplayName | Should -Be 'Diego S.'
            $new.UsageLocation | Should -Be 'DE'
            $new.OfficeLocation | Should -Be 'Berlin'
        }

        It 'keeps a given password and lets the user keep it with -NoPasswordChangeRequired' {
            $given = ConvertTo-SecureString -String 'Kiosk-Contoso-2025!' -AsPlainText -Force

            $new = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "kiosk01@$domain" -DisplayName 'Kiosk 01' -Password $given -NoPasswordChangeRequired

            ($new.Password | ConvertFrom-SecureString -AsPlainText) | Should -Be 'Kiosk-Contoso-2025!'
            $new.ForceChangePasswordNextSignIn | Should -BeFalse
        }

        It 'takes the customer and its profile from the pipeline' {
            $new = $contoso | New-CspUser -UserPrincipalName "lee.gu@$domain" -GivenName 'Lee' -Surname 'Gu'

            $new.CustomerId | Should -Be $contoso.CustomerId
            $new.Profile | Should -Be $contoso.Profile
            Get-OneUser $contoso.CustomerId "lee.gu@$domain" | Should -Not -BeNullOrEmpty
        }

        It 'creates nothing with -WhatIf' {
            $upn = "what.if@$domain"
            $count = @(Get-CspUser -CustomerId $contoso.CustomerId).Count

            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName $upn -License $sku.SkuPartNumber -WhatIf

            $result | Should -BeNullOrEmpty
            Get-OneUser $contoso.CustomerId $upn | Should -BeNullOrEmpty
            @(Get-CspUser -CustomerId $contoso.CustomerId).Count | Should -Be $count
            Get-CspActivity -CustomerId $contoso.CustomerId -Since $start | Where-Object Target -eq $upn | Should -BeNullOrEmpty
        }
    }

    Context 'Errors' {
        It 'reports a user principal name that is taken as UserAlreadyExists' {
            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName $seeded[0].UserPrincipalName -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserAlreadyExists*'
        }

        It 'reports a user created a moment ago as UserAlreadyExists too' {
            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "ADELE.VANCE@$domain" -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserAlreadyExists*'
        }

        It 'reports a domain the customer has not verified as UserDomainNotVerified and creates nobody' {
            $count = @(Get-CspUser -CustomerId $contoso.CustomerId).Count

            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName 'megan.bowen@unverified.example' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserDomainNotVerified*'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($domain))
            @(Get-CspUser -CustomerId $contoso.CustomerId).Count | Should -Be $count
        }

        It 'reports a license the customer does not have as SkuNotFound' {
            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "no.sku@$domain" -License 'NO_SUCH_SKU' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SkuNotFound*'
            Get-OneUser $contoso.CustomerId "no.sku@$domain" | Should -BeNullOrEmpty
        }

        It 'reports a usage location that is not a country code as UserUsageLocationInvalid' {
            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "bad.location@$domain" -UsageLocation 'Germany' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserUsageLocationInvalid*'
        }

        It 'refuses a weak password with UserPasswordInvalid' {
            $weak = ConvertTo-SecureString -String 'password' -AsPlainText -Force

            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "weak.password@$domain" -Password $weak -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserPasswordInvalid*'
            Get-OneUser $contoso.CustomerId "weak.password@$domain" | Should -BeNullOrEmpty
        }

        It 'reports a name without a domain as UserIdInvalid' {
            $result = New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName 'adele vance' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserIdInvalid*'
        }

        It 'reports a missing GDAP role as CustomerRoleMissing naming User Administrator' {
            $upn = "new.hire@$($adatum.DefaultDomain)"

            $result = New-CspUser -CustomerId $adatum.CustomerId -UserPrincipalName $upn -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -Match 'User Administrator'
            Get-OneUser $adatum.CustomerId $upn | Should -BeNullOrEmpty
        }

        It 'reports a value that is not a tenant id as CustomerIdInvalid' {
            $result = New-CspUser -CustomerId 'contoso.onmicrosoft.com' -UserPrincipalName "x@$domain" -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'stops the command with -ErrorAction Stop' {
            { New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName 'x@unverified.example' -ErrorAction Stop } |
                Should -Throw -ErrorId 'UserDomainNotVerified*'
        }
    }

    Context 'The journal file' {
        It 'never holds a password, in a session that writes to CSPADMIN_JOURNAL_PATH' {
            # The journal path is read when a PowerShell session first uses CspAdmin, so an earlier test file
            # may have fixed it for this session: a fresh runspace makes sure the file below is the journal.
            $manifest = Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1'
            $file = Join-Path $TestDrive 'fresh-session.jsonl'
            $env:CSPADMIN_JOURNAL_PATH = $file
            try {
                $passwords = @(Start-ThreadJob -ScriptBlock {
                        Import-Module $using:manifest
                        Connect-CspService -Emulator -Reset | Out-Null
                        $customer = Get-CspCustomer -Name 'Contoso'
                        $created = New-CspUser -CustomerId $customer.CustomerId -UserPrincipalName "journal.check@$($customer.DefaultDomain)" -GivenName 'Journal' -Surname 'Check'
                        $reset = Reset-CspUserPassword -CustomerId $customer.CustomerId -UserId $created.UserId -Confirm:$false
                        $created.Password | ConvertFrom-SecureString -AsPlainText
                        $reset.Password | ConvertFrom-SecureString -AsPlainText
                    } | Receive-Job -Wait -AutoRemoveJob)
            }
            finally {
                $env:CSPADMIN_JOURNAL_PATH = $journalPath
            }

            $passwords.Count | Should -Be 2
            $file | Should -Exist
            $text = Get-Content -Path $file -Raw
            $text | Should -Match '"UserCreated"'
            $text | Should -Match '"PasswordReset"'
            $text | Should -Match 'journal\.check@'
            foreach ($password in $passwords) {
                $password.Length | Should -Be 16
                $text.Contains($password) | Should -BeFalse
            }
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
            { New-CspUser -CustomerId $contoso.CustomerId -UserPrincipalName "x@$domain" } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
