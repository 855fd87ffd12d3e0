#Requires -Version 7.4

Describe 'Test-CspRelationship' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $contoso = Get-CspCustomer -Name 'Contoso'      # emulator-eu
        $fabrikam = Get-CspCustomer -Name 'Fabrikam'    # emulator-us
        $unknownDomain = 'nosuchtenant' + (Get-Random -Minimum 10000000 -Maximum 99999999) + '.onmicrosoft.com'
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'A customer that has accepted' {
        BeforeAll {
            $check = Test-CspRelationship -Domain $contoso.DefaultDomain -WarningVariable warnings
        }

        It 'returns one RelationshipCheck' {
            @($check).Count | Should -Be 1
            $check.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.RelationshipCheck'
        }

        It 'says the customer has accepted and can be ordered for' {
            $check.Accepted | Should -BeTrue
            $check.CanCheckout | Should -BeTrue
            $check.RelationshipToPartner | Should -Be 'reseller'
        }

        It 'names the customer and the profile that serves it' {
            $check.Domain | Should -Be $contoso.DefaultDomain
            $check.CustomerId | Should -Be $contoso.CustomerId
            $check.CompanyName | Should -Be 'Contoso'
            $check.DefaultDomain | Should -Be $contoso.DefaultDomain
            $check.Profile | Should -Be 'emulator-eu'
        }

        It 'writes no warning' {
            @($warnings).Count | Should -Be 0
        }

        It 'finds a customer of the other Partner Center account too' {
            $other = Test-CspRelationship -Domain $fabrikam.DefaultDomain

            $other.Accepted | Should -BeTrue
            $other.CustomerId | Should -Be $fabrikam.CustomerId
            $other.Profile | Should -Be 'emulator-us'
        }

        It 'matches the domain without regard to case' {
            $upper = Test-CspRelationship -Domain $contoso.DefaultDomain.ToUpperInvariant()

            $upper.Accepted | Should -BeTrue
            $upper.CustomerId | Should -Be $contoso.CustomerId
        }

        It 'takes the domain by position' {
            (Test-CspRelationship $contoso.DefaultDomain).Accepted | Should -BeTrue
        }

        It 'takes several domains, piped as strings' {
            $checks = @($contoso.DefaultDomain, $fabrikam.DefaultDomain | Test-CspRelationship)

            $checks.Count | Should -Be 2
            @($checks | Where-Object Accepted).Count | Should -Be 2
        }
    }

    Context 'Customers piped from Get-CspCustomer' {
        BeforeAll {
            $customers = @(Get-CspCustomer)
            $checks = @($customers | Test-CspRelationship -WarningVariable warnings)
        }

        It 'returns one check per customer' {
            $checks.Count | Should -Be $customers.Count
            (@($checks.CustomerId | Sort-Object) -join ',') | Should -Be (@($customers.CustomerId | Sort-Object) -join ',')
        }

        It 'finds every customer accepted' {
            foreach ($check in $checks) {
                $check.Accepted | Should -BeTrue
                $check.CanCheckout | Should -BeTrue
            }
            @($warnings).Count | Should -Be 0
        }

        It 'gives each customer the profile that serves it' {
            foreach ($customer in $customers) {
                $check = $checks | Where-Object CustomerId -eq $customer.CustomerId
                $check.Profile | Should -Be $customer.Profile
                $check.DefaultDomain | Should -Be $customer.DefaultDomain
            }
        }

        It 'takes the domain from a Domain property too' {
            $row = [pscustomobject]@{ Company = 'Contoso'; Domain = $contoso.DefaultDomain }

            ($row | Test-CspRelationship).CustomerId | Should -Be $contoso.CustomerId
        }
    }

    Context 'A domain that is not a customer' {
        BeforeAll {
            $check = Test-CspRelationship -Domain $unknownDomain -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable err
        }

        It 'returns Accepted $false, not an error' {
            @($check).Count | Should -Be 1
            $check.Accepted | Should -BeFalse
            $check.CanCheckout | Should -BeFalse
            $check.CustomerId | Should -BeNullOrEmpty
            $check.Domain | Should -Be $unknownDomain
            $err | Should -BeNullOrEmpty
        }

        It 'warns once, with the text of the Message' {
            @($warnings).Count | Should -Be 1
            $warnings[0].Message | Should -Be $check.Message
        }

        It 'says that no Microsoft tenant has the domain' {
            $check.Message | Should -Match 'No Microsoft tenant has the domain'
        }

        It 'names the first profile it asked' {
            $check.Profile | Should -Be 'emulator-eu'
        }

        It 'reports a customer of the other account as not accepted when only one account is asked' {
            $eu = Test-CspRelationship -Domain $fabrikam.DefaultDomain -Profile 'emulator-eu' -WarningVariable onlyEu -WarningAction SilentlyContinue

            $eu.Accepted | Should -BeFalse
            $eu.Profile | Should -Be 'emulator-eu'
            @($onlyEu).Count | Should -Be 1
        }

        It 'checks the other domains of a pipeline as well' {
            $checks = @($unknownDomain, $contoso.DefaultDomain | Test-CspRelationship -WarningAction SilentlyContinue)

            $checks.Count | Should -Be 2
            ($checks | Where-Object Domain -eq $contoso.DefaultDomain).Accepted | Should -BeTrue
            ($checks | Where-Object Domain -eq $unknownDomain).Accepted | Should -BeFalse
        }
    }

    Context 'Errors' {
        It 'reports a blank domain as a non-terminating DomainMissing error' {
            $checks = @('   ', $contoso.DefaultDomain | Test-CspRelationship -ErrorVariable err -ErrorAction SilentlyContinue)

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DomainMissing*'
            $checks.Count | Should -Be 1
            $checks[0].Accepted | Should -BeTrue
        }

        It 'stops with ProfileNotConnected for a profile that is not connected' {
            { Test-CspRelationship -Domain $contoso.DefaultDomain -Profile 'emulator-xx' } | Should -Throw -ErrorId 'ProfileNotConnected*'
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
            { Test-CspRelationship -Domain 'contoso.onmicrosoft.com' } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
