#Requires -Version 7.4

Describe 'Get-CspSubscription' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'
        $subscriptions = @($customers | Get-CspSubscription)
        $ours = @($subscriptions | Where-Object ProvidedByThisPartner)
        $others = @($subscriptions | Where-Object { -not $_.ProvidedByThisPartner })
        $nce = @($ours | Where-Object IsNce)
        $legacy = @($ours | Where-Object { -not $_.IsNce })
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
    }

    Context 'Customers piped from Get-CspCustomer' {
        It 'returns subscriptions of every customer, through both profiles' {
            @($subscriptions.CustomerId | Sort-Object -Unique).Count | Should -Be 12
            ($subscriptions.Profile | Sort-Object -Unique) -join ',' | Should -Be 'emulator-eu,emulator-us'
        }

        It 'returns Subscription objects' {
            foreach ($subscription in $subscriptions) {
                $subscription.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.Subscription'
            }
        }

        It 'routes each customer to its own profile' {
            foreach ($subscription in $subscriptions) {
                $customer = $customers | Where-Object CustomerId -eq $subscription.CustomerId
                $subscription.Profile | Should -Be $customer.Profile
            }
        }

        It 'reports status in lower case' {
            foreach ($subscription in $subscriptions) {
                $subscription.Status | Should -Not -BeNullOrEmpty
                $subscription.Status | Should -BeExactly $subscription.Status.ToLowerInvariant()
            }
            $subscriptions.Status | Should -Contain 'active'
            $subscriptions.Status | Should -Contain 'suspended'
        }

        It 'shows friendly product names for the partner''s subscriptions' {
            foreach ($subscription in $ours | Where-Object SkuId) {
                $subscription.Product | Should -Not -BeNullOrEmpty
                $subscription.Product | Should -Not -Match $guidPattern
                $subscription.Product | Should -Not -Be $subscription.SkuPartNumber
            }
        }
    }

    Context 'NCE and legacy' {
        It 'returns both NCE and legacy subscriptions of this partner' {
            $nce.Count | Should -BeGreaterThan 0
            $legacy.Count | Should -BeGreaterThan 0
        }

        It 'gives legacy subscriptions no NCE window' {
            foreach ($subscription in $legacy) {
                $subscription.DecreaseAllowedUntil | Should -BeNullOrEmpty
                $subscription.RefundableQuantity | Should -Be 0
                $subscription.OfferId | Should -Not -Match ':'
            }
        }

        It 'gives every NCE subscription a decrease deadline' {
            foreach ($subscription in $nce) {
                $subscription.DecreaseAllowedUntil | Should -Not -BeNullOrEmpty
                $subscription.RefundableQuantity | Should -BeGreaterOrEqual 0
                $subscription.RefundableQuantity | Should -BeLessOrEqual $subscription.Quantity
            }
        }

        It 'reports refundable seats only while the window is open' {
            $now = [DateTimeOffset]::UtcNow
            foreach ($subscription in $nce | Where-Object RefundableQuantity -gt 0) {
                $subscription.DecreaseAllowedUntil | Should -BeGreaterThan $now
            }
        }

        It 'finds NCE subscriptions whose seats can still be reduced' {
            $open = @($subscriptions | Where-Object { $_.IsNce -and $_.DecreaseAllowedUntil -gt (Get-Date) })

            $open.Count | Should -BeGreaterThan 0
        }

        It 'gives this partner''s subscriptions a term and a billing cycle' {
            foreach ($subscription in $ours) {
                $subscription.TermDuration | Should -BeIn @('P1M', 'P1Y', 'P3Y')
                $subscription.BillingCycle | Should -Not -BeNullOrEmpty
                $subscription.CommitmentEndDate | Should -Not -BeNullOrEmpty
            }
        }
    }

    Context 'Other partners and add-ons' {
        It 'shows subscriptions that other partners provide' {
            $others.Count | Should -BeGreaterThan 0
            foreach ($subscription in $others) {
                $subscription.IsNce | Should -BeFalse
                $subscription.Product | Should -Not -BeNullOrEmpty
                $subscription.Quantity | Should -BeGreaterThan 0
                $subscription.DecreaseAllowedUntil | Should -BeNullOrEmpty
                $customers.CustomerId | Should -Contain $subscription.CustomerId
            }
        }

        It 'shows add-ons with the base subscription they belong to' {
            $addOns = @($subscriptions | Where-Object ParentSubscriptionId)

            $addOns.Count | Should -BeGreaterThan 0
            foreach ($addOn in $addOns) {
                $parent = $subscriptions | Where-Object { $_.CustomerId -eq $addOn.CustomerId -and $_.SubscriptionId -eq $addOn.ParentSubscriptionId }
                $parent | Should -Not -BeNullOrEmpty
                $parent.ParentSubscriptionId | Should -BeNullOrEmpty
            }
        }
    }

    Context '-SubscriptionId' {
        It 'returns only the requested subscription' {
            $wanted = $ours | Select-Object -First 1
            $found = @(Get-CspSubscription -CustomerId $wanted.CustomerId -SubscriptionId $wanted.SubscriptionId)

            $found.Count | Should -Be 1
            $found[0].SubscriptionId | Should -Be $wanted.SubscriptionId
            $found[0].Quantity | Should -Be $wanted.Quantity
            $found[0].IsNce | Should -Be $wanted.IsNce
        }

        It 'takes customer and subscription ids by position' {
            $wanted = $ours | Select-Object -Last 1
            $found = @(Get-CspSubscription $wanted.CustomerId $wanted.SubscriptionId)

            $found.Count | Should -Be 1
            $found[0].SubscriptionId | Should -Be $wanted.SubscriptionId
        }

        It 'reads piped subscriptions again' {
            $wanted = @($ours | Select-Object -First 3)
            $found = @($wanted | Get-CspSubscription)

            ($found.SubscriptionId | Sort-Object) -join ',' | Should -Be (($wanted.SubscriptionId | Sort-Object) -join ',')
        }

        It 'finds another partner''s subscription by its id' {
            $wanted = $others | Select-Object -First 1
            $found = @(Get-CspSubscription -CustomerId $wanted.CustomerId -SubscriptionId $wanted.SubscriptionId)

            $found.Count | Should -Be 1
            $found[0].ProvidedByThisPartner | Should -BeFalse
        }

        It 'reports a subscription the customer does not have as a non-terminating SubscriptionNotFound error' {
            $result = Get-CspSubscription -CustomerId $contoso.CustomerId -SubscriptionId ([guid]::NewGuid().Guid) -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionNotFound*'
        }
    }

    Context 'Errors' {
        It 'reports a value that is not a tenant id as a non-terminating CustomerIdInvalid error' {
            $result = Get-CspSubscription -CustomerId 'Contoso' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'keeps processing the other customers after an invalid id' {
            $items = [pscustomobject]@{ CustomerId = 'not-a-guid' }, $contoso
            $result = @($items | Get-CspSubscription -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -BeGreaterThan 0
            ($result.CustomerId | Sort-Object -Unique) -join ',' | Should -Be $contoso.CustomerId
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'reports an unknown tenant as a non-terminating CustomerNotFound error' {
            $result = Get-CspSubscription -CustomerId ([guid]::NewGuid().Guid) -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }

        It 'reports a profile that is not connected as a non-terminating ProfileNotConnected error' {
            $result = Get-CspSubscription -CustomerId $contoso.CustomerId -Profile 'emulator-xx' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ProfileNotConnected*'
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
            { Get-CspSubscription -CustomerId $contoso.CustomerId } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
