#Requires -Version 7.4

Describe 'New-CspSubscription' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        # The emulator fulfils an order 20 s (real clock) after checkout; only one context below waits for it.
        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'              # emulator-eu (GB); no Microsoft 365 E3
        $northwind = $customers | Where-Object CompanyName -eq 'Northwind Traders'  # emulator-eu (NL); legacy SPE_E3, 20 seats
        $fabrikam = $customers | Where-Object CompanyName -eq 'Fabrikam'            # emulator-us
        $tailspin = $customers | Where-Object CompanyName -eq 'Tailspin Toys'       # emulator-us; no base product for Teams Phone
        $litware = $customers | Where-Object CompanyName -eq 'Litware'              # emulator-us
        $e3 = Get-CspOffer -Sku SPE_E3

        # Active seats of a product in the customer's license table (0 when the tenant does not have it).
        function Get-ActiveSeats {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku)
            $row = $Customer | Get-CspLicense | Where-Object SkuPartNumber -eq $Sku
            if ($row) { $row.Active } else { 0 }
        }

        function Get-SubscriptionCount {
            param([Parameter(Mandatory)] $Customer)
            @(Get-CspSubscription -CustomerId $Customer.CustomerId | Where-Object ProvidedByThisPartner).Count
        }

        function Get-Orders {
            param([Parameter(Mandatory)] $Customer)
            @(Get-CspActivity -CustomerId $Customer.CustomerId -Operation SubscriptionOrdered)
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'The command' {
        It 'asks for confirmation by default (ConfirmImpact High) and supports -WhatIf' {
            $command = Get-Command -Name New-CspSubscription
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }

        It 'has an offer to order' {
            $e3 | Should -Not -BeNullOrEmpty
            $e3.OfferId | Should -Match '^[^:]+:[^:]+:[^:]+$'
        }
    }

    Context '-WhatIf' {
        It 'buys nothing and writes nothing to the journal' {
            $subscriptions = Get-SubscriptionCount -Customer $fabrikam
            $seats = Get-ActiveSeats -Customer $fabrikam -Sku SPE_E3

            $result = @(
                New-CspSubscription -CustomerId $fabrikam.CustomerId -OfferId SPE_E3 -Quantity 10 -WhatIf
                $fabrikam | New-CspSubscription -OfferId $e3.OfferId -Quantity 5 -TermDuration P1Y -BillingCycle annual -NoWait -WhatIf
            )

            $result.Count | Should -Be 0
            Get-SubscriptionCount -Customer $fabrikam | Should -Be $subscriptions
            Get-ActiveSeats -Customer $fabrikam -Sku SPE_E3 | Should -Be $seats
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context 'Ordering with -NoWait: Microsoft 365 E3 for Contoso' {
        BeforeAll {
            $subscriptionsBefore = Get-SubscriptionCount -Customer $contoso
            $seatsBefore = Get-ActiveSeats -Customer $contoso -Sku SPE_E3
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $pending = @(New-CspSubscription -CustomerId $contoso.CustomerId -OfferId $e3.OfferId -Quantity 3 -NoWait -Confirm:$false -ErrorVariable orderErrors)
            $watch.Stop()
        }

        It 'returns the new subscription at once, pending, and no error' {
            @($orderErrors).Count | Should -Be 0
            $pending.Count | Should -Be 1
            $pending[0].PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.Subscription'
            $pending[0].Status | Should -Be 'pending'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
        }

        It 'is the offer ordered, on the default term and billing cycle' {
            $pending[0].CustomerId | Should -Be $contoso.CustomerId
            $pending[0].Profile | Should -Be $contoso.Profile
            $pending[0].OfferId | Should -Be $e3.OfferId
            $pending[0].Quantity | Should -Be 3
            $pending[0].TermDuration | Should -Be 'P1Y'
            $pending[0].BillingCycle | Should -Be 'monthly'
            $pending[0].IsNce | Should -BeTrue
            $pending[0].ProvidedByThisPartner | Should -BeTrue
            $pending[0].AutoRenewEnabled | Should -BeTrue
        }

        It 'is listed by Get-CspSubscription as pending' {
            $listed = @(Get-CspSubscription -CustomerId $contoso.CustomerId | Where-Object SubscriptionId -eq $pending[0].SubscriptionId)

            $listed.Count | Should -Be 1
            $listed[0].Status | Should -Be 'pending'
            $listed[0].Quantity | Should -Be 3
            Get-SubscriptionCount -Customer $contoso | Should -Be ($subscriptionsBefore + 1)
        }

        It 'gives no seats until the order is fulfilled' {
            Get-ActiveSeats -Customer $contoso -Sku SPE_E3 | Should -Be $seatsBefore
        }

        It 'journals the order as SubscriptionOrdered with the new subscription' {
            $entries = Get-Orders -Customer $contoso

            $entries.Count | Should -Be 1
            $entries[0].Outcome | Should -Be 'Succeeded'
            $entries[0].Target | Should -Be $e3.OfferId
            $entries[0].Profile | Should -Be $contoso.Profile
            $after = $entries[0].After | ConvertFrom-Json
            $after.subscriptionId | Should -Be $pending[0].SubscriptionId
            $after.order | Should -Not -BeNullOrEmpty
            $after.status | Should -Be 'pending'
        }

        It 'takes customer, offer and quantity by position, and makes another subscription' {
            $second = New-CspSubscription $contoso.CustomerId SPE_E3 2 -NoWait -Confirm:$false

            $second.Status | Should -Be 'pending'
            $second.Quantity | Should -Be 2
            $second.OfferId | Should -Be $e3.OfferId
            $second.SubscriptionId | Should -Not -Be $pending[0].SubscriptionId
            Get-SubscriptionCount -Customer $contoso | Should -Be ($subscriptionsBefore + 2)
            (Get-Orders -Customer $contoso).Count | Should -Be 2
        }
    }

    Context 'Ordering and waiting: Microsoft 365 E3 for Northwind Traders' {
        BeforeAll {
            $ours = @(Get-CspSubscription -CustomerId $northwind.CustomerId | Where-Object { $_.ProvidedByThisPartner -and $_.SkuPartNumber -eq 'SPE_E3' })
            $seatsBefore = Get-ActiveSeats -Customer $northwind -Sku SPE_E3
            # Piped from Get-CspCustomer, as a runbook would; this waits for the emulator to fulfil the order (about 20 s).
            $ordered = @(Get-CspCustomer -Name 'Northwind Traders' |
                New-CspSubscription -OfferId $e3.OfferId -Quantity 5 -TermDuration P1Y -BillingCycle annual -Confirm:$false -ErrorVariable orderErrors)
            $seatsAfter = Get-ActiveSeats -Customer $northwind -Sku SPE_E3
        }

        It 'starts from a customer with Microsoft 365 E3 seats' {
            $ours.Count | Should -BeGreaterThan 0
            $seatsBefore | Should -BeGreaterThan 0
        }

        It 'returns the new subscription once it is active, and no error' {
            @($orderErrors).Count | Should -Be 0
            $ordered.Count | Should -Be 1
            $ordered[0].PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.Subscription'
            $ordered[0].Status | Should -Be 'active'
            $ordered[0].CustomerId | Should -Be $northwind.CustomerId
            $ordered[0].Profile | Should -Be $northwind.Profile
        }

        It 'is the offer, quantity, term and billing cycle ordered, with its SKU' {
            $ordered[0].OfferId | Should -Be $e3.OfferId
            $ordered[0].SkuId | Should -Be $e3.SkuId
            $ordered[0].SkuPartNumber | Should -Be 'SPE_E3'
            $ordered[0].Product | Should -Be $e3.Product
            $ordered[0].Quantity | Should -Be 5
            $ordered[0].TermDuration | Should -Be 'P1Y'
            $ordered[0].BillingCycle | Should -Be 'annual'
            $ordered[0].IsNce | Should -BeTrue
        }

        It 'opens the NCE refund window for the seats bought' {
            $ordered[0].RefundableQuantity | Should -Be 5
            $ordered[0].DecreaseAllowedUntil | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddDays(6))
            $ordered[0].DecreaseAllowedUntil | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddDays(7))
        }

        It 'raises the active seats in Get-CspLicense by the quantity' {
            $seatsAfter | Should -Be ($seatsBefore + 5)
        }

        It 'makes a new subscription next to the existing one, which keeps its seats' {
            $now = @(Get-CspSubscription -CustomerId $northwind.CustomerId | Where-Object { $_.ProvidedByThisPartner -and $_.SkuPartNumber -eq 'SPE_E3' })

            $now.Count | Should -Be ($ours.Count + 1)
            $now.SubscriptionId | Should -Contain $ordered[0].SubscriptionId
            foreach ($existing in $ours) {
                ($now | Where-Object SubscriptionId -eq $existing.SubscriptionId).Quantity | Should -Be $existing.Quantity
            }
        }

        It 'journals the order as SubscriptionOrdered' {
            $entries = Get-Orders -Customer $northwind

            $entries.Count | Should -Be 1
            $entries[0].Outcome | Should -Be 'Succeeded'
            $entries[0].Target | Should -Be $e3.OfferId
            ($entries[0].After | ConvertFrom-Json).subscriptionId | Should -Be $ordered[0].SubscriptionId
        }
    }

    Context 'Orders the catalog or Partner Center refuses' {
        BeforeAll {
            $subscriptionsBefore = Get-SubscriptionCount -Customer $tailspin
        }

        It 'reports an offer that is not in the catalog as OfferNotFound' {
            $result = New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId 'NO_SUCH_OFFER' -Quantity 1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OfferNotFound*'
            $err[0].Exception.Message | Should -BeLike '*NO_SUCH_OFFER*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-CspOffer*'
        }

        It 'reports a quantity of 0 as SubscriptionQuantityInvalid' {
            $result = New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId SPE_E3 -Quantity 0 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionQuantityInvalid*'
        }

        It 'reports a quantity above the maximum as SubscriptionQuantityInvalid' {
            $result = New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId SPE_E3 -Quantity ($e3.MaximumQuantity + 1) -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            Get-ErrorIds $err | Should -Be 'SubscriptionQuantityInvalid'
        }

        It 'reports a one-month term billed annually as OfferBillingCycleInvalid' {
            $result = New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId SPE_E3 -Quantity 1 -TermDuration P1M -BillingCycle annual -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OfferBillingCycleInvalid*'
            $err[0].Exception.Message | Should -BeLike '*P1M*annual*'
            $err[0].Exception.Message | Should -BeLike '*P1M monthly*'
        }

        It 'reports a term the offer is not sold for as OfferTermInvalid' {
            $result = New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId EMS -Quantity 1 -TermDuration P3Y -BillingCycle annual -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            Get-ErrorIds $err | Should -Be 'OfferTermInvalid'
        }

        It 'reports an add-on Partner Center refuses in the cart as OfferOrderInvalid' {
            $result = New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId MCOEV -Quantity 2 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OfferOrderInvalid*'
            $err[0].Exception.Message | Should -BeLike '*Nothing was bought*'
        }

        It 'bought nothing and journalled nothing for any of them' {
            Get-SubscriptionCount -Customer $tailspin | Should -Be $subscriptionsBefore
            (Get-Orders -Customer $tailspin).Count | Should -Be 0
        }

        It 'stops the command with -ErrorAction Stop' {
            { New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId SPE_E3 -Quantity 0 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'SubscriptionQuantityInvalid*'
        }

        It 'refuses a term or billing cycle outside the accepted values before anything runs' {
            { New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId SPE_E3 -Quantity 1 -TermDuration P2Y -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError*'
            { New-CspSubscription -CustomerId $tailspin.CustomerId -OfferId SPE_E3 -Quantity 1 -BillingCycle weekly -Confirm:$false } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }
    }

    Context 'Errors' {
        It 'reports a value that is not a tenant id as CustomerIdInvalid' {
            $result = New-CspSubscription -CustomerId 'Contoso' -OfferId SPE_E3 -Quantity 1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'reports an unknown tenant as CustomerNotFound' {
            $result = New-CspSubscription -CustomerId ([guid]::NewGuid().Guid) -OfferId SPE_E3 -Quantity 1 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }

        It 'orders for the other customers after bad input' {
            $subscriptionsBefore = Get-SubscriptionCount -Customer $litware
            $items = [pscustomobject]@{ CustomerId = 'not-a-guid' }, $litware

            $result = @($items | New-CspSubscription -OfferId O365_BUSINESS_ESSENTIALS -Quantity 2 -TermDuration P1M -NoWait -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -Be 1
            $result[0].CustomerId | Should -Be $litware.CustomerId
            $result[0].Status | Should -Be 'pending'
            $result[0].TermDuration | Should -Be 'P1M'
            Get-ErrorIds $err | Should -Be 'CustomerIdInvalid'
            Get-SubscriptionCount -Customer $litware | Should -Be ($subscriptionsBefore + 1)
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
            { New-CspSubscription -CustomerId $contoso.CustomerId -OfferId SPE_E3 -Quantity 1 -Confirm:$false } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
