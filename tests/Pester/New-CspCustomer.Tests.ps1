#Requires -Version 7.4

Describe 'New-CspCustomer' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $start = Get-Date
        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

        $contoso = Get-CspCustomer -Name 'Contoso'
        $takenPrefix = ($contoso.DefaultDomain -split '\.')[0]

        # A billing contact and address in a country the emulated EU account sells into.
        $billing = @{
            Email        = 'finance@pester.example'
            FirstName    = 'Ruth'
            LastName     = 'Berger'
            AddressLine1 = 'Keizersgracht 123'
            City         = 'Amsterdam'
            PostalCode   = '1015 CJ'
            Country      = 'NL'
        }

        # A domain prefix no tenant has yet: letters and digits only.
        function New-Prefix {
            'pester' + (Get-Random -Minimum 10000000 -Maximum 99999999)
        }

        function Get-CustomerCount {
            @(Get-CspCustomer).Count
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'A new customer' {
        BeforeAll {
            $prefix = New-Prefix
            $domain = "$prefix.onmicrosoft.com"
            $countBefore = Get-CustomerCount
            $new = New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Trading B.V.' -DomainPrefix $prefix @billing
            $plain = $null
            if ($null -ne $new -and $null -ne $new.AdminPassword) {
                $plain = $new.AdminPassword | ConvertFrom-SecureString -AsPlainText
            }
        }

        It 'returns one NewCustomerResult' {
            @($new).Count | Should -Be 1
            $new.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.NewCustomerResult'
        }

        It 'has the new tenant id, the company name and the initial domain' {
            $new.CustomerId | Should -Match $guidPattern
            $new.CompanyName | Should -Be 'Pester Trading B.V.'
            $new.DefaultDomain | Should -Be $domain
            $new.Profile | Should -Be 'emulator-eu'
        }

        It 'is a direct customer' {
            $new.Relationship | Should -Be 'Direct'
            $new.ResellerId | Should -BeNullOrEmpty
        }

        It "returns the first administrator's password once, as a SecureString" {
            $new.AdminPassword | Should -BeOfType [securestring]
            $plain | Should -Not -BeNullOrEmpty
        }

        It 'names the administrator by a sign-in name on the new domain' {
            $new.AdminUserPrincipalName | Should -BeLike "*@$domain"
        }

        It 'is found by Get-CspCustomer, through the profile that created it' {
            $found = Get-CspCustomer -Domain $domain

            $found | Should -Not -BeNullOrEmpty
            $found.CustomerId | Should -Be $new.CustomerId
            $found.Profile | Should -Be 'emulator-eu'
            Get-CustomerCount | Should -Be ($countBefore + 1)
        }

        It 'has the relationship with the partner from the start' {
            $check = Test-CspRelationship -Domain $domain -WarningAction SilentlyContinue

            $check.Accepted | Should -BeTrue
            $check.CustomerId | Should -Be $new.CustomerId
        }

        It 'journals the creation as NewCustomer, and never the password' {
            $records = @(Get-CspActivity -Operation 'NewCustomer' -Since $start | Where-Object Target -eq $domain)

            $records.Count | Should -Be 1
            $records[0].Outcome | Should -Be 'Succeeded'
            $records[0].Profile | Should -Be 'emulator-eu'
            "$($records[0].Before) $($records[0].After) $($records[0].Detail)".Contains($plain) | Should -BeFalse
        }

        It 'never writes the password to the journal file' {
            $text = Get-Content -LiteralPath $env:CSPADMIN_JOURNAL_PATH -Raw

            $text.Contains($plain) | Should -BeFalse
        }

        It 'refuses the same prefix again with CustomerDomainTaken' {
            $again = New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Trading B.V.' -DomainPrefix $prefix @billing -ErrorVariable err -ErrorAction SilentlyContinue

            $again | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerDomainTaken*'
        }
    }

    Context 'The domain prefix' {
        It 'stores the prefix in lower case and accepts the full onmicrosoft.com name' {
            $prefix = New-Prefix
            $usBilling = @{
                Email        = 'it@outdoor.example'
                FirstName    = 'Lee'
                LastName     = 'Gu'
                AddressLine1 = '1 Microsoft Way'
                City         = 'Redmond'
                State        = 'WA'
                PostalCode   = '98052'
                Country      = 'us'
            }
            $new = New-CspCustomer -Profile 'emulator-us' -CompanyName 'Pester Outdoor Inc.' -DomainPrefix ($prefix.ToUpperInvariant() + '.onmicrosoft.com') @usBilling

            $new.DefaultDomain | Should -Be "$prefix.onmicrosoft.com"
            $new.Profile | Should -Be 'emulator-us'
        }

        It 'refuses a prefix with a hyphen with CustomerDomainPrefixInvalid, and creates nothing' {
            $countBefore = Get-CustomerCount

            $result = New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Hyphen' -DomainPrefix 'pester-hyphen' @billing -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerDomainPrefixInvalid*'
            Get-CustomerCount | Should -Be $countBefore
        }

        It 'refuses a prefix longer than 27 characters with CustomerDomainPrefixInvalid' {
            $result = New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Long' -DomainPrefix ('p' * 28) @billing -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerDomainPrefixInvalid*'
        }
    }

    Context 'A domain that is taken' {
        BeforeAll {
            $countBefore = Get-CustomerCount
            $result = New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Contoso Ltd' -DomainPrefix $takenPrefix @billing -ErrorVariable err -ErrorAction SilentlyContinue
        }

        It 'has a prefix to reuse' {
            $takenPrefix | Should -Not -BeNullOrEmpty
        }

        It 'reports CustomerDomainTaken as a non-terminating error' {
            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerDomainTaken*'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($contoso.DefaultDomain))
        }

        It 'creates nothing and journals nothing' {
            Get-CustomerCount | Should -Be $countBefore
            @(Get-CspActivity -Operation 'NewCustomer' -Since $start | Where-Object Target -eq $contoso.DefaultDomain).Count | Should -Be 0
        }
    }

    Context '-WhatIf' {
        It 'creates nothing and journals nothing' {
            $prefix = New-Prefix
            $countBefore = Get-CustomerCount

            $result = New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Preview' -DomainPrefix $prefix @billing -WhatIf

            $result | Should -BeNullOrEmpty
            Get-CustomerCount | Should -Be $countBefore
            Get-CspCustomer -Domain "$prefix.onmicrosoft.com" | Should -BeNullOrEmpty
            @(Get-CspActivity -Operation 'NewCustomer' | Where-Object Target -eq "$prefix.onmicrosoft.com").Count | Should -Be 0
        }

        It 'supports -WhatIf and -Confirm with a Medium confirmation impact' {
            $command = Get-Command -Name New-CspCustomer
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        }
    }

    Context 'Resellers, countries and accounts' {
        It 'reports a reseller the profile does not list as ResellerNotFound, and creates nothing' {
            $prefix = New-Prefix
            $countBefore = Get-CustomerCount

            $result = New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Reseller' -DomainPrefix $prefix -Reseller 'Adventure Works IT' @billing `
                -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ResellerNotFound*'
            Get-CustomerCount | Should -Be $countBefore
        }

        It 'refuses a country that is not two letters before anything is sent' {
            $badCountry = $billing.Clone()
            $badCountry.Country = 'NLD'

            { New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Country' -DomainPrefix (New-Prefix) @badCountry } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }

        It 'stops with ProfileAmbiguous when several profiles are connected and none is named' {
            { New-CspCustomer -CompanyName 'Pester Ambiguous' -DomainPrefix (New-Prefix) @billing } | Should -Throw -ErrorId 'ProfileAmbiguous*'
        }
    }

    Context 'Customers from the pipeline' {
        It 'creates one customer per row, with the profile of each row' {
            $first = New-Prefix
            $second = New-Prefix
            $rows = @(
                [pscustomobject]@{ CompanyName = 'Pester Row One'; DomainPrefix = $first; Email = 'one@pester.example'; FirstName = 'Ana'; LastName = 'Diaz'
                    AddressLine1 = 'Calle Mayor 1'; City = 'Madrid'; PostalCode = '28013'; Country = 'ES'; Profile = 'emulator-eu' }
                [pscustomobject]@{ CompanyName = 'Pester Row Two'; DomainPrefix = $second; Email = 'two@pester.example'; FirstName = 'Tim'; LastName = 'Cline'
                    AddressLine1 = '500 Main Street'; City = 'Seattle'; State = 'WA'; PostalCode = '98101'; Country = 'US'; Profile = 'emulator-us' }
            )

            $created = @($rows | New-CspCustomer)

            $created.Count | Should -Be 2
            ($created | Where-Object DefaultDomain -eq "$first.onmicrosoft.com").Profile | Should -Be 'emulator-eu'
            ($created | Where-Object DefaultDomain -eq "$second.onmicrosoft.com").Profile | Should -Be 'emulator-us'
            (Get-CspCustomer -Domain "$second.onmicrosoft.com").CompanyName | Should -Be 'Pester Row Two'
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
            { New-CspCustomer -Profile 'emulator-eu' -CompanyName 'Pester Offline' -DomainPrefix (New-Prefix) @billing } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
