#Requires -Version 7.4

Describe 'Get-CspLicense' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'
        $rows = @($customers | Get-CspLicense)
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'Customers piped from Get-CspCustomer' {
        It 'returns license rows for every customer of both profiles' {
            $rows.Count | Should -BeGreaterThan 12
            @($rows.CustomerId | Sort-Object -Unique).Count | Should -Be 12
            ($rows.Profile | Sort-Object -Unique) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }

        It 'returns LicenseSummary objects' {
            foreach ($row in $rows) {
                $row.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.LicenseSummary'
            }
        }

        It 'routes each customer to its own profile and names the customer on every row' {
            foreach ($row in $rows) {
                $customer = $customers | Where-Object CustomerId -eq $row.CustomerId
                $row.Profile | Should -Be $customer.Profile
                $row.CompanyName | Should -Be $customer.CompanyName
            }
        }

        It 'computes Available as Active minus Assigned on every row' {
            foreach ($row in $rows) {
                $row.Available | Should -Be ($row.Active - $row.Assigned)
            }
        }

        It 'never reports negative seat counts other than Available' {
            foreach ($row in $rows) {
                $row.Active | Should -BeGreaterOrEqual 0
                $row.Assigned | Should -BeGreaterOrEqual 0
                $row.Suspended | Should -BeGreaterOrEqual 0
                $row.Warning | Should -BeGreaterOrEqual 0
            }
        }

        It 'shows friendly product names, not GUIDs or part numbers' {
            foreach ($row in $rows) {
                $row.SkuId | Should -Match $guidPattern
                $row.SkuPartNumber | Should -Not -BeNullOrEmpty
                $row.Product | Should -Not -BeNullOrEmpty
                $row.Product | Should -Not -Match $guidPattern
                $row.Product | Should -Not -Be $row.SkuPartNumber
            }
        }

        It 'names SPE_E5 "Microsoft 365 E5" from the licensing table' {
            $e5 = $rows | Where-Object SkuPartNumber -eq 'SPE_E5' | Select-Object -First 1

            $e5 | Should -Not -BeNullOrEmpty
            $e5.Product | Should -Be 'Microsoft 365 E5'
        }

        It 'returns one row per customer and product' {
            $duplicates = $rows | Group-Object -Property CustomerId, SkuId | Where-Object Count -gt 1

            $duplicates | Should -BeNullOrEmpty
        }

        It 'shows seats of suspended and of expired subscriptions' {
            ($rows | Measure-Object -Property Suspended -Sum).Sum | Should -BeGreaterThan 0
            ($rows | Measure-Object -Property Warning -Sum).Sum | Should -BeGreaterThan 0
        }

        It 'can be filtered with Where-Object Available -gt 0' {
            $unused = @($rows | Where-Object Available -gt 0)

            $unused.Count | Should -BeGreaterThan 0
            $unused.Count | Should -BeLessOrEqual $rows.Count
            foreach ($row in $unused) {
                $row.Available | Should -BeGreaterThan 0
            }
        }

        It 'works in one pipeline from a name search' {
            $contosoRows = @(Get-CspCustomer -Name 'Contoso*' | Get-CspLicense | Where-Object Available -ge 0)

            $contosoRows.Count | Should -BeGreaterThan 0
            ($contosoRows.CompanyName | Sort-Object -Unique) -join ',' | Should -Be 'Contoso'
        }
    }

    Context 'By tenant id' {
        It 'takes the tenant id by position and finds the profile itself' {
            $byId = @(Get-CspLicense $contoso.CustomerId)

            $byId.Count | Should -BeGreaterThan 0
            ($byId.Profile | Sort-Object -Unique) -join ',' | Should -Be 'emulator-eu'
            ($byId.SkuId | Sort-Object) -join ',' |
                Should -Be ((($rows | Where-Object CustomerId -eq $contoso.CustomerId).SkuId | Sort-Object) -join ',')
        }

        It 'accepts the TenantId alias and an explicit profile' {
            $byId = @(Get-CspLicense -TenantId $contoso.CustomerId -Profile 'emulator-eu')

            $byId.Count | Should -BeGreaterThan 0
            ($byId.CompanyName | Sort-Object -Unique) -join ',' | Should -Be 'Contoso'
        }

        It 'takes TenantId from piped objects' {
            $byId = @([pscustomobject]@{ TenantId = $contoso.CustomerId } | Get-CspLicense)

            $byId.Count | Should -BeGreaterThan 0
            ($byId.CustomerId | Sort-Object -Unique) -join ',' | Should -Be $contoso.CustomerId
        }
    }

    Context 'Errors' {
        It 'reports a value that is not a tenant id as a non-terminating CustomerIdInvalid error' {
            $result = Get-CspLicense -CustomerId 'contoso.onmicrosoft.com' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'keeps processing the other customers after an invalid id' {
            $items = [pscustomobject]@{ CustomerId = 'not-a-guid' }, $contoso
            $result = @($items | Get-CspLicense -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -BeGreaterThan 0
            ($result.CompanyName | Sort-Object -Unique) -join ',' | Should -Be 'Contoso'
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'reports an unknown tenant as a non-terminating CustomerNotFound error' {
            $result = Get-CspLicense -CustomerId ([guid]::NewGuid().Guid) -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }

        It 'reports a profile that is not connected as a non-terminating ProfileNotConnected error' {
            $result = Get-CspLicense -CustomerId $contoso.CustomerId -Profile 'emulator-xx' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotConnected*'
        }

        It 'stops the command with -ErrorAction Stop' {
            { Get-CspLicense -CustomerId 'not-a-guid' -ErrorAction Stop } | Should -Throw -ErrorId 'CustomerIdInvalid*'
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
            { Get-CspLicense -CustomerId $contoso.CustomerId } | Should -Throw -ErrorId 'NotConnected*'
        }

        It 'stops with NotConnected for piped customers' {
            { $contoso | Get-CspLicense } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
