#Requires -Version 7.4

Describe 'Get-CspOffer' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        $microsoft365E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965'
        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'
        $northwind = $customers | Where-Object CompanyName -eq 'Northwind Traders'   # holds Microsoft 365 E3
        $offers = @(Get-CspOffer)
        $e3 = $offers | Where-Object SkuPartNumber -eq 'SPE_E3'
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'The whole catalog' {
        It 'returns Offer objects' {
            $offers.Count | Should -BeGreaterThan 5
            foreach ($offer in $offers) {
                $offer.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.Offer'
            }
        }

        It 'gives every offer a catalog item id productId:skuId:availabilityId, once' {
            foreach ($offer in $offers) {
                $offer.OfferId | Should -Match '^[^:]+:[^:]+:[^:]+$'
                $offer.Name | Should -Not -BeNullOrEmpty
            }
            @($offers.OfferId | Sort-Object -Unique).Count | Should -Be $offers.Count
        }

        It 'sorts the offers by name' {
            ($offers.Name -join '|') | Should -Be (($offers.Name | Sort-Object) -join '|')
        }

        It 'reads the US catalog through the first connected profile by default' {
            foreach ($offer in $offers) {
                $offer.Country | Should -BeExactly 'US'
                $offer.Profile | Should -Be 'emulator-eu'
            }
        }

        It 'gives every offer terms, billing cycles and a quantity range' {
            foreach ($offer in $offers) {
                @($offer.Terms).Count | Should -BeGreaterThan 0
                @($offer.TermDurations).Count | Should -BeGreaterThan 0
                @($offer.BillingCycles).Count | Should -BeGreaterThan 0
                $offer.MinimumQuantity | Should -BeGreaterOrEqual 1
                $offer.MaximumQuantity | Should -BeGreaterOrEqual $offer.MinimumQuantity
            }
        }
    }

    Context 'Microsoft 365 E3' {
        It 'is in the catalog once, with its product name and the Graph SKU id' {
            @($e3).Count | Should -Be 1
            $e3.Name | Should -Be 'Microsoft 365 E3'
            $e3.Product | Should -Be 'Microsoft 365 E3'
            $e3.SkuId | Should -Match $guidPattern
            $e3.SkuId | Should -Be $microsoft365E3
            $e3.IsTrial | Should -BeFalse
        }

        It 'is sold for one month, one year and three years' {
            $e3.TermDurations | Should -Contain 'P1M'
            $e3.TermDurations | Should -Contain 'P1Y'
            $e3.TermDurations | Should -Contain 'P3Y'
            $e3.BillingCycles | Should -Contain 'monthly'
            $e3.BillingCycles | Should -Contain 'annual'
        }

        It 'lists the term and billing combinations sold, and no other' {
            $e3.Terms | Should -Contain 'P1M monthly'
            $e3.Terms | Should -Contain 'P1Y monthly'
            $e3.Terms | Should -Contain 'P1Y annual'
            $e3.Terms | Should -Contain 'P3Y annual'
            $e3.Terms | Should -Not -Contain 'P1M annual'
            $e3.Terms | Should -Not -Contain 'P3Y monthly'
        }

        It 'links to the row Get-CspLicense shows for the same product' {
            $row = $northwind | Get-CspLicense | Where-Object SkuPartNumber -eq 'SPE_E3'

            $row | Should -Not -BeNullOrEmpty
            $row.SkuId | Should -Be $e3.SkuId
            $row.Product | Should -Be $e3.Product
        }

        It 'finds an offer for every product a customer has' {
            foreach ($row in @($northwind | Get-CspLicense)) {
                @($offers | Where-Object SkuId -eq $row.SkuId).Count | Should -Be 1 -Because $row.SkuPartNumber
            }
        }
    }

    Context '-Name' {
        It 'matches names, product names and part numbers with wildcards' {
            $found = @(Get-CspOffer -Name '*E3*')

            $found.Count | Should -BeGreaterThan 1
            $found.Count | Should -BeLessThan $offers.Count
            $found.SkuPartNumber | Should -Contain 'SPE_E3'
            $found.SkuPartNumber | Should -Contain 'ENTERPRISEPACK'
            $found.SkuPartNumber | Should -Not -Contain 'SPB'
            foreach ($offer in $found) {
                ($offer.Name -like '*E3*' -or $offer.Product -like '*E3*' -or $offer.SkuPartNumber -like '*E3*' -or $offer.OfferId -like '*E3*') |
                    Should -BeTrue -Because $offer.Name
            }
        }

        It 'matches a whole name without wildcards, by position too' {
            $found = @(Get-CspOffer 'Microsoft 365 E3')

            $found.Count | Should -Be 1
            $found[0].OfferId | Should -Be $e3.OfferId
        }

        It 'matches a part number or an OfferId, not case-sensitive' {
            (Get-CspOffer -Name 'spe_e3').OfferId | Should -Be $e3.OfferId
            (Get-CspOffer -Name $e3.OfferId.ToLowerInvariant()).OfferId | Should -Be $e3.OfferId
        }

        It 'returns nothing, and no error, when nothing matches' {
            $found = Get-CspOffer -Name 'No such product*' -ErrorVariable err

            $found | Should -BeNullOrEmpty
            @($err).Count | Should -Be 0
        }
    }

    Context '-Sku' {
        It 'returns the offers of one part number' {
            $found = @(Get-CspOffer -Sku SPE_E3)

            $found.Count | Should -Be 1
            $found[0].OfferId | Should -Be $e3.OfferId
            $found[0].SkuPartNumber | Should -BeExactly 'SPE_E3'
        }

        It 'is not case-sensitive' {
            (Get-CspOffer -Sku 'spe_e3').OfferId | Should -Be $e3.OfferId
        }

        It 'combines with -Name' {
            @(Get-CspOffer -Name '*E3*' -Sku ENTERPRISEPACK).SkuPartNumber | Should -Be 'ENTERPRISEPACK'
            Get-CspOffer -Name 'Microsoft 365 E3' -Sku ENTERPRISEPACK | Should -BeNullOrEmpty
        }

        It 'returns nothing for a part number the catalog does not have' {
            Get-CspOffer -Sku 'NO_SUCH_SKU' | Should -BeNullOrEmpty
        }
    }

    Context '-Country and -Profile' {
        It 'reads the catalog of the country given' {
            $found = @(Get-CspOffer -Sku SPE_E3 -Country DE)

            $found.Count | Should -Be 1
            $found[0].Country | Should -BeExactly 'DE'
            $found[0].SkuId | Should -Be $e3.SkuId
            @($found[0].Terms).Count | Should -BeGreaterThan 0
        }

        It 'takes the country in lower case and reports it in upper case' {
            (Get-CspOffer -Sku SPE_E3 -Country gb).Country | Should -BeExactly 'GB'
        }

        It 'refuses a country that is not two letters' {
            { Get-CspOffer -Country 'Germany' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
            { Get-CspOffer -Country 'D1' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }

        It 'reads through the profile given' {
            $found = @(Get-CspOffer -Sku SPE_E3 -Profile 'emulator-us')

            $found.Count | Should -Be 1
            $found[0].Profile | Should -Be 'emulator-us'
            $found[0].OfferId | Should -Be $e3.OfferId
        }

        It 'stops with ProfileNotConnected for a profile that is not connected' {
            { Get-CspOffer -Profile 'emulator-xx' } | Should -Throw -ErrorId 'ProfileNotConnected*'
        }
    }

    Context 'Changes nothing' {
        It 'leaves the subscriptions and licenses as they were' {
            $subscriptions = @(Get-CspSubscription -CustomerId $contoso.CustomerId).Count
            $licenses = (@($contoso | Get-CspLicense) | ForEach-Object { '{0}={1}' -f $_.SkuPartNumber, $_.Active }) -join ';'

            Get-CspOffer -Country GB | Out-Null

            @(Get-CspSubscription -CustomerId $contoso.CustomerId).Count | Should -Be $subscriptions
            (@($contoso | Get-CspLicense) | ForEach-Object { '{0}={1}' -f $_.SkuPartNumber, $_.Active }) -join ';' | Should -Be $licenses
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
            { Get-CspOffer } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
