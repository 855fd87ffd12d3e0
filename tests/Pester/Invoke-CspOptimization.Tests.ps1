#Requires -Version 7.4

Describe 'Invoke-CspOptimization' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'
        $coho = $customers | Where-Object CompanyName -eq 'Coho Winery'          # NCE Business Basic bought this week, 6 seats unused
        $tailspin = $customers | Where-Object CompanyName -eq 'Tailspin Toys'    # SPE_E5: NCE with an open window and legacy
        $woodgrove = $customers | Where-Object CompanyName -eq 'Woodgrove Bank'  # SPE_E5: legacy and two NCE with closed windows
        $trey = $customers | Where-Object CompanyName -eq 'Trey Research'        # SPE_E5 from this partner and from another one

        $subscriptionsBefore = @($customers | Get-CspSubscription)
        $ours = @($subscriptionsBefore | Where-Object ProvidedByThisPartner)
        $others = @($subscriptionsBefore | Where-Object { -not $_.ProvidedByThisPartner })
        $licensesBefore = @($customers | Get-CspLicense)

        # The plan of the whole estate, with every unused seat going (no headroom).
        $plan = @($customers | Invoke-CspOptimization -WhatIf -ErrorVariable planErrors)

        # 'id=quantity/status;...' for every subscription: equal strings mean no subscription changed.
        function Get-SubscriptionTable {
            (@($customers | Get-CspSubscription) | Sort-Object -Property SubscriptionId |
                ForEach-Object { '{0}={1}/{2}' -f $_.SubscriptionId, $_.Quantity, $_.Status }) -join ';'
        }

        # The license row of a line's product.
        function Get-Row {
            param([Parameter(Mandatory)] $Rows, [Parameter(Mandatory)] $Line)
            $Rows | Where-Object { $_.CustomerId -eq $Line.CustomerId -and $_.SkuPartNumber -eq $Line.SkuPartNumber }
        }

        # The subscription of a line.
        function Get-Subscription {
            param([Parameter(Mandatory)] $Subscriptions, [Parameter(Mandatory)] $Line)
            $Subscriptions | Where-Object { $_.CustomerId -eq $Line.CustomerId -and $_.SubscriptionId -eq $Line.SubscriptionId }
        }

        # The line of a subscription.
        function Get-Line {
            param([Parameter(Mandatory)] $Lines, [Parameter(Mandatory)] $Subscription)
            $Lines | Where-Object SubscriptionId -eq $Subscription.SubscriptionId
        }

        function Get-Ours {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku)
            @($ours | Where-Object { $_.CustomerId -eq $Customer.CustomerId -and $_.SkuPartNumber -eq $Sku })
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'The command' {
        It 'supports -WhatIf and -Confirm with a Medium confirmation impact' {
            $command = Get-Command -Name Invoke-CspOptimization
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        }
    }

    Context '-WhatIf: the plan for every customer' {
        It 'returns one OptimizationResult per subscription this partner provides, and no error' {
            @($planErrors).Count | Should -Be 0
            $plan.Count | Should -Be $ours.Count
            ($plan.SubscriptionId | Sort-Object) -join ',' | Should -Be (($ours.SubscriptionId | Sort-Object) -join ',')
            foreach ($line in $plan) {
                $line.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.OptimizationResult'
            }
        }

        It 'never lists a subscription another partner provides' {
            $others.Count | Should -BeGreaterThan 0
            foreach ($subscription in $others) {
                $plan.SubscriptionId | Should -Not -Contain $subscription.SubscriptionId
            }
        }

        It 'names the customer, the profile, the product and the seats as they are' {
            foreach ($line in $plan) {
                $customer = $customers | Where-Object CustomerId -eq $line.CustomerId
                $subscription = Get-Subscription -Subscriptions $ours -Line $line
                $line.CompanyName | Should -Be $customer.CompanyName
                $line.Profile | Should -Be $customer.Profile
                $line.SkuPartNumber | Should -Be $subscription.SkuPartNumber
                $line.OfferName | Should -Not -BeNullOrEmpty
                $line.CurrentQuantity | Should -Be $subscription.Quantity
                $line.Assigned | Should -Be (Get-Row -Rows $licensesBefore -Line $line).Assigned
            }
        }

        It 'marks each line Planned or Skipped, with a reason' {
            ($plan.Status | Sort-Object -Unique) -join ',' | Should -Be 'Planned,Skipped'
            foreach ($line in $plan) {
                $line.Reason | Should -Not -BeNullOrEmpty
                if ($line.Status -eq 'Planned') {
                    $line.Saved | Should -BeGreaterThan 0
                    $line.ProposedQuantity | Should -Be ($line.CurrentQuantity - $line.Saved)
                    $line.ProposedQuantity | Should -BeGreaterOrEqual 1
                }
                else {
                    $line.Saved | Should -Be 0
                    $line.ProposedQuantity | Should -Be $line.CurrentQuantity
                }
            }
        }

        It 'never plans fewer active seats than are assigned' {
            foreach ($product in $plan | Where-Object Status -eq 'Planned' | Group-Object -Property CustomerId, SkuPartNumber) {
                $row = Get-Row -Rows $licensesBefore -Line $product.Group[0]
                $saved = ($product.Group | Measure-Object -Property Saved -Sum).Sum

                ($row.Active - $saved) | Should -BeGreaterOrEqual $row.Assigned
            }
        }

        It 'takes NCE seats only from open refund windows' {
            $nce = @($plan | Where-Object Status -eq 'Planned' | Where-Object { (Get-Subscription -Subscriptions $ours -Line $_).IsNce })

            $nce.Count | Should -BeGreaterThan 0
            foreach ($line in $nce) {
                $line.Saved | Should -BeLessOrEqual (Get-Subscription -Subscriptions $ours -Line $line).RefundableQuantity
            }
        }

        It 'skips NCE subscriptions whose window closed, saying when they can be reduced at renewal' {
            $closed = @($plan | Where-Object { $_.Status -eq 'Skipped' -and $_.Reason -like '*window closed*' })

            $closed.Count | Should -BeGreaterThan 0
            foreach ($line in $closed) {
                $subscription = Get-Subscription -Subscriptions $ours -Line $line
                $subscription.IsNce | Should -BeTrue
                $subscription.RefundableQuantity | Should -Be 0
                $reopens = $subscription.CommitmentEndDate.UtcDateTime.Date.AddDays(1).ToString('yyyy-MM-dd')
                $line.Reason | Should -BeLike "*reduced at renewal on $reopens*"
            }
        }

        It 'skips suspended, expired and trial subscriptions, saying so' {
            $kinds = @{
                'Subscription is suspended' = @($ours | Where-Object Status -eq 'suspended')
                'Subscription is expired'   = @($ours | Where-Object Status -eq 'expired')
                'Trial subscription'        = @($ours | Where-Object IsTrial)
            }

            foreach ($reason in $kinds.Keys) {
                $kinds[$reason].Count | Should -BeGreaterThan 0 -Because "the emulator seeds a subscription for '$reason'"
                foreach ($subscription in $kinds[$reason]) {
                    $line = Get-Line -Lines $plan -Subscription $subscription
                    $line.Status | Should -Be 'Skipped'
                    $line.Reason | Should -Be $reason
                }
            }
        }

        It 'takes the unused seats first off an NCE subscription with an open window, then off legacy ones' {
            $row = $licensesBefore | Where-Object { $_.CustomerId -eq $tailspin.CustomerId -and $_.SkuPartNumber -eq 'SPE_E5' }
            $unused = $row.Active - $row.Assigned
            $nce = Get-Ours -Customer $tailspin -Sku SPE_E5 | Where-Object IsNce
            $legacy = Get-Ours -Customer $tailspin -Sku SPE_E5 | Where-Object { -not $_.IsNce }
            $unused | Should -BeGreaterThan 0
            $nce.RefundableQuantity | Should -BeGreaterOrEqual $unused

            $nceLine = Get-Line -Lines $plan -Subscription $nce
            $legacyLine = Get-Line -Lines $plan -Subscription $legacy

            $nceLine.Status | Should -Be 'Planned'
            $nceLine.Saved | Should -Be $unused
            $legacyLine.Status | Should -Be 'Skipped'
            $legacyLine.Reason | Should -BeLike '*already taken off other subscriptions*'
        }

        It 'takes the unused seats off legacy subscriptions when the NCE windows are closed' {
            $row = $licensesBefore | Where-Object { $_.CustomerId -eq $woodgrove.CustomerId -and $_.SkuPartNumber -eq 'SPE_E5' }
            $legacy = Get-Ours -Customer $woodgrove -Sku SPE_E5 | Where-Object { -not $_.IsNce }
            $nce = @(Get-Ours -Customer $woodgrove -Sku SPE_E5 | Where-Object IsNce)
            $nce.Count | Should -Be 2

            $legacyLine = Get-Line -Lines $plan -Subscription $legacy
            $legacyLine.Status | Should -Be 'Planned'
            $legacyLine.Saved | Should -Be ($row.Active - $row.Assigned)
            foreach ($subscription in $nce) {
                (Get-Line -Lines $plan -Subscription $subscription).Reason | Should -BeLike '*window closed*'
            }
        }

        It 'counts the seats other partners sell, but takes seats only from this partner''s subscriptions' {
            $row = $licensesBefore | Where-Object { $_.CustomerId -eq $trey.CustomerId -and $_.SkuPartNumber -eq 'SPE_E5' }
            $mine = Get-Ours -Customer $trey -Sku SPE_E5
            $theirs = @($others | Where-Object { $_.CustomerId -eq $trey.CustomerId -and $_.SkuPartNumber -eq 'SPE_E5' })
            $theirs.Count | Should -Be 1
            $row.Active | Should -Be ($mine.Quantity + $theirs[0].Quantity)

            $line = Get-Line -Lines $plan -Subscription $mine

            $line.Status | Should -Be 'Planned'
            $line.Saved | Should -Be ($row.Active - $row.Assigned)
            @($plan | Where-Object CustomerId -eq $trey.CustomerId | Where-Object SkuPartNumber -eq 'SPE_E5').Count | Should -Be 1
        }

        It 'changed no subscription and wrote nothing to the journal' {
            $table = ($subscriptionsBefore | Sort-Object -Property SubscriptionId | ForEach-Object { '{0}={1}/{2}' -f $_.SubscriptionId, $_.Quantity, $_.Status }) -join ';'

            Get-SubscriptionTable | Should -Be $table
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context '-KeepFree and -KeepFreePercent' {
        It 'keeps the given number of unused seats on every product' {
            $kept = @($customers | Invoke-CspOptimization -KeepFree 2 -WhatIf)

            $planned = @($kept | Where-Object Status -eq 'Planned')
            $planned.Count | Should -BeGreaterThan 0
            ($planned | Measure-Object -Property Saved -Sum).Sum | Should -BeLessThan ($plan | Measure-Object -Property Saved -Sum).Sum
            foreach ($product in $planned | Group-Object -Property CustomerId, SkuPartNumber) {
                $row = Get-Row -Rows $licensesBefore -Line $product.Group[0]
                $saved = ($product.Group | Measure-Object -Property Saved -Sum).Sum
                ($row.Active - $saved) | Should -BeGreaterOrEqual ($row.Assigned + 2)
                $product.Group[0].Reason | Should -BeLike '*2 kept free*'
            }
        }

        It 'keeps a percentage of the assigned seats, rounded up' {
            $kept = @($customers | Invoke-CspOptimization -KeepFreePercent 10 -WhatIf)

            @($kept | Where-Object Status -eq 'Planned').Count | Should -BeGreaterThan 0
            foreach ($product in $kept | Where-Object Status -eq 'Planned' | Group-Object -Property CustomerId, SkuPartNumber) {
                $row = Get-Row -Rows $licensesBefore -Line $product.Group[0]
                $keep = [math]::Ceiling($row.Assigned * 10 / 100)
                $saved = ($product.Group | Measure-Object -Property Saved -Sum).Sum
                ($row.Active - $saved) | Should -BeGreaterOrEqual ($row.Assigned + $keep)
                $product.Group[0].Reason | Should -BeLike "*$keep kept free*"
            }
        }

        It 'keeps the larger of the two headrooms' {
            $kept = @($customers | Invoke-CspOptimization -KeepFree 1 -KeepFreePercent 10 -WhatIf)

            foreach ($product in $kept | Group-Object -Property CustomerId, SkuPartNumber) {
                $row = Get-Row -Rows $licensesBefore -Line $product.Group[0]
                $keep = [math]::Max(1, [math]::Ceiling($row.Assigned * 10 / 100))
                $saved = ($product.Group | Measure-Object -Property Saved -Sum).Sum
                if ($saved -gt 0) {
                    ($row.Active - $saved) | Should -BeGreaterOrEqual ($row.Assigned + $keep)
                    ($product.Group | Where-Object Status -eq 'Planned')[0].Reason | Should -BeLike "*$keep kept free*"
                }
            }
        }

        It 'refuses a headroom out of range before anything is read' {
            { Invoke-CspOptimization -CustomerId $contoso.CustomerId -KeepFreePercent 101 -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
            { Invoke-CspOptimization -CustomerId $contoso.CustomerId -KeepFree -1 -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }

        It 'changed nothing' {
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context 'One customer' {
        It 'plans only the customers piped in, by object, by id or by position' {
            $byObject = @(Get-CspCustomer -Name 'Coho Winery' | Invoke-CspOptimization -WhatIf)
            $byString = @($coho.CustomerId | Invoke-CspOptimization -WhatIf)
            $byPosition = @(Invoke-CspOptimization $coho.CustomerId -WhatIf)

            $byObject.Count | Should -Be @($ours | Where-Object CustomerId -eq $coho.CustomerId).Count
            ($byObject.CustomerId | Sort-Object -Unique) -join ',' | Should -Be $coho.CustomerId
            foreach ($other in $byString, $byPosition) {
                (($other | Sort-Object -Property SubscriptionId | ForEach-Object { '{0}:{1}:{2}' -f $_.SubscriptionId, $_.Status, $_.ProposedQuantity }) -join ',') |
                    Should -Be (($byObject | Sort-Object -Property SubscriptionId | ForEach-Object { '{0}:{1}:{2}' -f $_.SubscriptionId, $_.Status, $_.ProposedQuantity }) -join ',')
            }
        }

        It 'plans the seats bought this week and not used' {
            $row = $licensesBefore | Where-Object { $_.CustomerId -eq $coho.CustomerId -and $_.SkuPartNumber -eq 'O365_BUSINESS_ESSENTIALS' }
            $basic = Get-Ours -Customer $coho -Sku O365_BUSINESS_ESSENTIALS
            $basic.IsNce | Should -BeTrue
            $basic.RefundableQuantity | Should -Be $basic.Quantity

            $line = Get-Line -Lines $plan -Subscription $basic

            $line.Status | Should -Be 'Planned'
            $line.Saved | Should -Be ($row.Active - $row.Assigned)
            $line.ProposedQuantity | Should -Be $row.Assigned
            $line.Reason | Should -BeLike "*$($row.Assigned) assigned*"
        }
    }

    Context 'Applying the plan' {
        BeforeAll {
            $applied = @($customers | Invoke-CspOptimization -ErrorVariable applyErrors)
            $subscriptionsAfter = @($customers | Get-CspSubscription)
            $licensesAfter = @($customers | Get-CspLicense)
            $again = @($customers | Invoke-CspOptimization -WhatIf)
            $planned = @($plan | Where-Object Status -eq 'Planned')
        }

        It 'applies every planned reduction and nothing else' {
            @($applyErrors).Count | Should -Be 0
            $applied.Count | Should -Be $plan.Count
            ($applied.Status | Sort-Object -Unique) -join ',' | Should -Be 'Applied,Skipped'
            (@($applied | Where-Object Status -eq 'Applied').SubscriptionId | Sort-Object) -join ',' | Should -Be (($planned.SubscriptionId | Sort-Object) -join ',')
            foreach ($line in $applied | Where-Object Status -eq 'Applied') {
                $line.ProposedQuantity | Should -Be (Get-Line -Lines $plan -Subscription $line).ProposedQuantity
            }
        }

        It 'leaves each subscription with its proposed seats, and the skipped ones as they were' {
            foreach ($line in $applied) {
                (Get-Subscription -Subscriptions $subscriptionsAfter -Line $line).Quantity | Should -Be $line.ProposedQuantity
            }
        }

        It 'takes the seats out of Get-CspLicense, never below the assigned seats' {
            foreach ($product in $applied | Group-Object -Property CustomerId, SkuPartNumber) {
                $before = Get-Row -Rows $licensesBefore -Line $product.Group[0]
                $after = Get-Row -Rows $licensesAfter -Line $product.Group[0]
                $saved = ($product.Group | Measure-Object -Property Saved -Sum).Sum

                $after.Active | Should -Be ($before.Active - $saved)
                $after.Assigned | Should -Be $before.Assigned
                $after.Available | Should -BeGreaterOrEqual 0
            }
        }

        It 'never touches a subscription another partner provides' {
            foreach ($subscription in $others) {
                $applied.SubscriptionId | Should -Not -Contain $subscription.SubscriptionId
                (Get-Subscription -Subscriptions $subscriptionsAfter -Line $subscription).Quantity | Should -Be $subscription.Quantity
            }
        }

        It 'journals every reduction as SubscriptionChanged, with the seats before and after' {
            $entries = @(Get-CspActivity -Operation SubscriptionChanged)

            $entries.Count | Should -Be $planned.Count
            ($entries.Target | Sort-Object) -join ',' | Should -Be (($planned.SubscriptionId | Sort-Object) -join ',')
            foreach ($entry in $entries) {
                $line = $applied | Where-Object SubscriptionId -eq $entry.Target
                $entry.Outcome | Should -Be 'Succeeded'
                $entry.CustomerId | Should -Be $line.CustomerId
                $entry.Profile | Should -Be $line.Profile
                ($entry.Before | ConvertFrom-Json).quantity | Should -Be $line.CurrentQuantity
                ($entry.After | ConvertFrom-Json).quantity | Should -Be $line.ProposedQuantity
                $entry.Detail | Should -Be "$($line.CurrentQuantity) -> $($line.ProposedQuantity) seat(s)"
            }
        }

        It 'plans nothing on a second run' {
            $again.Count | Should -Be $plan.Count
            @($again | Where-Object Status -eq 'Planned').Count | Should -Be 0
            ($again | Measure-Object -Property Saved -Sum).Sum | Should -Be 0
        }

        It 'changes nothing on a second run' {
            $journalled = @(Get-CspActivity).Count
            $table = Get-SubscriptionTable

            $third = @($customers | Invoke-CspOptimization)

            @($third | Where-Object Status -ne 'Skipped').Count | Should -Be 0
            Get-SubscriptionTable | Should -Be $table
            @(Get-CspActivity).Count | Should -Be $journalled
        }
    }

    Context 'Several NCE windows open: the one that closes first goes first' {
        BeforeAll {
            # A new emulated cloud: seats are added to both closed NCE subscriptions of Woodgrove Bank, which opens a
            # one-seat window on each. The later one in Partner Center's list gets its seat first, so its window closes first.
            Connect-CspService -Emulator -Reset | Out-Null
            $nce = @($woodgrove | Get-CspSubscription | Where-Object { $_.ProvidedByThisPartner -and $_.SkuPartNumber -eq 'SPE_E5' -and $_.IsNce })
            $first = $nce[-1] | Set-CspSubscription -Quantity ($nce[-1].Quantity + 1)
            $second = $nce[0] | Set-CspSubscription -Quantity ($nce[0].Quantity + 1)
            $row = $woodgrove | Get-CspLicense | Where-Object SkuPartNumber -eq 'SPE_E5'
            # Keep all unused seats but one free, so the plan has exactly one seat to take.
            $keep = $row.Active - $row.Assigned - 1
            $ordered = @($woodgrove | Invoke-CspOptimization -KeepFree $keep -WhatIf | Where-Object SkuPartNumber -eq 'SPE_E5')
        }

        It 'has two NCE subscriptions with one refundable seat each, closing one after the other' {
            $nce.Count | Should -Be 2
            $first.RefundableQuantity | Should -Be 1
            $second.RefundableQuantity | Should -Be 1
            $first.DecreaseAllowedUntil | Should -BeLessThan $second.DecreaseAllowedUntil
            $keep | Should -BeGreaterThan 0
        }

        It 'takes the seat off the window that closes first' {
            $line = $ordered | Where-Object SubscriptionId -eq $first.SubscriptionId

            $line.Status | Should -Be 'Planned'
            $line.Saved | Should -Be 1
            ($ordered | Measure-Object -Property Saved -Sum).Sum | Should -Be 1
        }

        It 'leaves the later window and the legacy subscription for another day' {
            foreach ($line in $ordered | Where-Object SubscriptionId -ne $first.SubscriptionId) {
                $line.Status | Should -Be 'Skipped'
                $line.Reason | Should -BeLike '*already taken off other subscriptions*'
            }
        }
    }

    Context 'Errors' {
        It 'reports a value that is not a tenant id as a non-terminating CustomerIdInvalid error' {
            $result = Invoke-CspOptimization -CustomerId 'Contoso' -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'keeps planning the other customers after an invalid id' {
            $items = [pscustomobject]@{ CustomerId = 'not-a-guid' }, $contoso
            $result = @($items | Invoke-CspOptimization -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -BeGreaterThan 0
            ($result.CustomerId | Sort-Object -Unique) -join ',' | Should -Be $contoso.CustomerId
            Get-ErrorIds $err | Should -Be 'CustomerIdInvalid'
        }

        It 'reports an unknown tenant as a non-terminating CustomerNotFound error' {
            $result = Invoke-CspOptimization -CustomerId ([guid]::NewGuid().Guid) -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound*'
        }

        It 'reports a profile that is not connected as a non-terminating ProfileNotConnected error' {
            $result = Invoke-CspOptimization -CustomerId $contoso.CustomerId -Profile 'emulator-xx' -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue

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
            { Invoke-CspOptimization -CustomerId $contoso.CustomerId -WhatIf } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
