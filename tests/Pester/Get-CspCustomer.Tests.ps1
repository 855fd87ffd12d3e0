#Requires -Version 7.4

Describe 'Get-CspCustomer' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        # The default emulator (seed 1, 12 customers): customer names are fixed, even ones go to eu, odd ones to us.
        $all = @(Get-CspCustomer)
        $contoso = $all | Where-Object CompanyName -eq 'Contoso'
        $fabrikam = $all | Where-Object CompanyName -eq 'Fabrikam'
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'All customers' {
        It 'lists the customers of both connected profiles' {
            $all.Count | Should -Be 12
            @($all | Where-Object Profile -eq 'emulator-eu').Count | Should -Be 6
            @($all | Where-Object Profile -eq 'emulator-us').Count | Should -Be 6
        }

        It 'returns Customer objects' {
            foreach ($customer in $all) {
                $customer.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.Customer'
            }
        }

        It 'gives each customer a tenant id, a name and an onmicrosoft.com default domain' {
            foreach ($customer in $all) {
                $customer.CustomerId | Should -Match $guidPattern
                $customer.CompanyName | Should -Not -BeNullOrEmpty
                $customer.DefaultDomain | Should -BeLike '*.onmicrosoft.com'
            }
            @($all.CustomerId | Sort-Object -Unique).Count | Should -Be 12
        }

        It 'serves Contoso through emulator-eu and Fabrikam through emulator-us' {
            $contoso | Should -Not -BeNullOrEmpty
            $contoso.Profile | Should -Be 'emulator-eu'
            $contoso.DefaultDomain | Should -Be 'contoso.onmicrosoft.com'
            $fabrikam | Should -Not -BeNullOrEmpty
            $fabrikam.Profile | Should -Be 'emulator-us'
        }

        It 'tells direct customers from those of indirect resellers' {
            foreach ($customer in $all) {
                $customer.Relationship | Should -BeIn @('Direct', 'IndirectReseller')
                if ($customer.Relationship -eq 'IndirectReseller') {
                    $customer.ResellerId | Should -Not -BeNullOrEmpty
                }
                else {
                    $customer.ResellerId | Should -BeNullOrEmpty
                }
            }
            @($all | Where-Object Relationship -eq 'Direct').Count | Should -BeGreaterThan 0
            @($all | Where-Object Relationship -eq 'IndirectReseller').Count | Should -BeGreaterThan 0
        }
    }

    Context '-Name' {
        It 'finds a customer by a name with a trailing wildcard' {
            $found = @(Get-CspCustomer -Name 'Contoso*')

            $found.Count | Should -Be 1
            $found[0].CustomerId | Should -Be $contoso.CustomerId
            $found[0].Profile | Should -Be 'emulator-eu'
        }

        It 'matches names without regard to case' {
            @(Get-CspCustomer -Name 'CONTOSO*').CustomerId | Should -Be $contoso.CustomerId
        }

        It 'finds matching customers in both profiles' {
            $found = @(Get-CspCustomer -Name 'W*')

            ($found.CompanyName | Sort-Object) -join ',' | Should -Be 'Wingtip Toys,Woodgrove Bank'
            ($found.Profile | Sort-Object) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }

        It 'supports a leading wildcard' {
            $found = @(Get-CspCustomer -Name '*Toys')

            ($found.CompanyName | Sort-Object) -join ',' | Should -Be 'Tailspin Toys,Wingtip Toys'
        }

        It 'matches the whole name when there is no wildcard' {
            @(Get-CspCustomer -Name 'Contoso').Count | Should -Be 1
            Get-CspCustomer -Name 'Cont' | Should -BeNullOrEmpty
        }

        It 'takes the name by position' {
            $found = @(Get-CspCustomer 'Fabrikam')

            $found.Count | Should -Be 1
            $found[0].Profile | Should -Be 'emulator-us'
        }

        It 'returns nothing, without an error, when no name matches' {
            $found = Get-CspCustomer -Name 'No Such Company*' -ErrorVariable err -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }
    }

    Context '-Domain' {
        It 'finds the customer with exactly that default domain' {
            $found = @(Get-CspCustomer -Domain 'contoso.onmicrosoft.com')

            $found.Count | Should -Be 1
            $found[0].CustomerId | Should -Be $contoso.CustomerId
        }

        It 'matches the domain without regard to case' {
            @(Get-CspCustomer -Domain 'Contoso.OnMicrosoft.com').CustomerId | Should -Be $contoso.CustomerId
        }

        It 'does not treat a prefix of the domain as a match' {
            $found = Get-CspCustomer -Domain 'contoso' -ErrorVariable err -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }
    }

    Context '-CustomerId' {
        It 'reads one customer by tenant id, through the profile that serves it' {
            $found = @(Get-CspCustomer -CustomerId $fabrikam.CustomerId)

            $found.Count | Should -Be 1
            $found[0].CompanyName | Should -Be 'Fabrikam'
            $found[0].Profile | Should -Be 'emulator-us'
        }

        It 'accepts the TenantId alias' {
            (Get-CspCustomer -TenantId $contoso.CustomerId).CompanyName | Should -Be 'Contoso'
        }

        It 'takes CustomerId from piped objects' {
            $found = @($contoso, $fabrikam | Get-CspCustomer)

            ($found.CompanyName | Sort-Object) -join ',' | Should -Be 'Contoso,Fabrikam'
        }

        It 'takes TenantId from piped objects' {
            $found = @([pscustomobject]@{ TenantId = $contoso.CustomerId } | Get-CspCustomer)

            $found.Count | Should -Be 1
            $found[0].CompanyName | Should -Be 'Contoso'
        }

        It 'reports an unknown tenant id as a non-terminating CustomerNotFound error' {
            $unknown = [guid]::NewGuid().Guid
            $found = Get-CspCustomer -CustomerId $unknown -ErrorVariable err -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }

        It 'keeps going after an unknown tenant id in the pipeline' {
            $items = [pscustomobject]@{ CustomerId = [guid]::NewGuid().Guid }, [pscustomobject]@{ CustomerId = $contoso.CustomerId }
            $found = @($items | Get-CspCustomer -ErrorVariable err -ErrorAction SilentlyContinue)

            $found.Count | Should -Be 1
            $found[0].CompanyName | Should -Be 'Contoso'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }
    }

    Context '-Profile' {
        It 'lists only the customers of the named profile' {
            $found = @(Get-CspCustomer -Profile 'emulator-us')

            $found.Count | Should -Be 6
            ($found.Profile | Sort-Object -Unique) -join ',' | Should -Be 'emulator-us'
            $found.CompanyName | Should -Contain 'Fabrikam'
            $found.CompanyName | Should -Not -Contain 'Contoso'
        }

        It 'lists the customers of several named profiles' {
            @(Get-CspCustomer -Profile 'emulator-eu', 'emulator-us').Count | Should -Be 12
        }

        It 'combines with -Name' {
            $found = @(Get-CspCustomer -Name 'W*' -Profile 'emulator-eu')

            $found.Count | Should -Be 1
            $found[0].CompanyName | Should -Be 'Woodgrove Bank'
        }

        It 'stops with ProfileNotConnected for a profile that is not connected' {
            { Get-CspCustomer -Profile 'emulator-xx' } | Should -Throw -ErrorId 'ProfileNotConnected*'
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
            { Get-CspCustomer } | Should -Throw -ErrorId 'NotConnected*'
        }

        It 'stops with NotConnected when searching by name' {
            { Get-CspCustomer -Name 'Contoso*' } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
