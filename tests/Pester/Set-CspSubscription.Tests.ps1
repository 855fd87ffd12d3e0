#Requires -Version 7.4

Describe 'Set-CspSubscription' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'              # legacy Exchange Online Archiving, 1 seat, none assigned
        $northwind = $customers | Where-Object CompanyName -eq 'Northwind Traders'  # legacy SPE_E3 (20, 19 assigned) and EMS (10, 8 assigned)
        $adatum = $customers | Where-Object CompanyName -eq 'Adatum'                # a suspended legacy SPE_E5
        $alpine = $customers | Where-Object CompanyName -eq 'Alpine Ski House'      # NCE SPB, every seat assigned, 2 refundable
        $proseware = $customers | Where-Object CompanyName -eq 'Proseware'          # NCE ENTERPRISEPACK, window closed
        $fabrikam = $customers | Where-Object CompanyName -eq 'Fabrikam'            # legacy POWER_BI_PRO
        $tailspin = $customers | Where-Object CompanyName -eq 'Tailspin Toys'       # NCE SPE_E5 and EXCHANGESTANDARD bought this week
        $wingtip = $customers | Where-Object CompanyName -eq 'Wingtip Toys'         # NCE EMS, window closed; an expired SPE_E5
        $trey = $customers | Where-Object CompanyName -eq 'Trey Research'           # SPE_E5 from another partner too

        # This partner's subscriptions of a product for a customer, optionally filtered further.
        function Get-OurSubscription {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku, [scriptblock] $Filter = { $true })
            @($Customer | Get-CspSubscription | Where-Object { $_.ProvidedByThisPartner -and $_.SkuPartNumber -eq $Sku } | Where-Object -FilterScript $Filter)
        }

        # The subscription as Partner Center has it now.
        function Get-Current {
            param([Parameter(Mandatory)] $Subscription)
            Get-CspSubscription -CustomerId $Subscription.CustomerId -SubscriptionId $Subscription.SubscriptionId
        }

        function Get-Seats {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku)
            $Customer | Get-CspLicense | Where-Object SkuPartNumber -eq $Sku
        }

        function Get-Changes {
            param([Parameter(Mandatory)] $Subscription)
            @(Get-CspActivity -CustomerId $Subscription.CustomerId -Operation SubscriptionChanged | Where-Object Target -eq $Subscription.SubscriptionId)
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'The command' {
        It 'supports -WhatIf and -Confirm with a Medium confirmation impact' {
            $command = Get-Command -Name Set-CspSubscription
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
            $command.Parameters['Quantity'].ParameterType | Should -Be ([Nullable[int]])
            $command.Parameters['AutoRenew'].ParameterType | Should -Be ([Nullable[bool]])
        }
    }

    Context '-WhatIf' {
        It 'changes no seat, no status and writes nothing to the journal' {
            $bi = (Get-OurSubscription -Customer $fabrikam -Sku POWER_BI_PRO)[0]
            $seats = Get-Seats -Customer $fabrikam -Sku POWER_BI_PRO

            $result = @(
                $bi | Set-CspSubscription -Quantity ($bi.Quantity + 10) -WhatIf
                $bi | Set-CspSubscription -Suspend -WhatIf
                $bi | Set-CspSubscription -AutoRenew (-not $bi.AutoRenewEnabled) -FriendlyName 'What if' -WhatIf
            )

            $result.Count | Should -Be 0
            $now = Get-Current -Subscription $bi
            $now.Quantity | Should -Be $bi.Quantity
            $now.Status | Should -Be 'active'
            $now.AutoRenewEnabled | Should -Be $bi.AutoRenewEnabled
            $now.FriendlyName | Should -Be $bi.FriendlyName
            (Get-Seats -Customer $fabrikam -Sku POWER_BI_PRO).Active | Should -Be $seats.Active
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context 'Adding seats: Microsoft 365 E3 for Northwind Traders' {
        BeforeAll {
            $e3 = (Get-OurSubscription -Customer $northwind -Sku SPE_E3)[0]
            $seatsBefore = Get-Seats -Customer $northwind -Sku SPE_E3

            $results = @(Get-CspCustomer -Name 'Northwind*' | Get-CspSubscription |
                Where-Object { $_.SkuPartNumber -eq 'SPE_E3' -and $_.ProvidedByThisPartner } |
                Set-CspSubscription -Quantity 25 -ErrorVariable addErrors)

            $seatsAfter = Get-Seats -Customer $northwind -Sku SPE_E3
        }

        It 'starts from a legacy subscription with fewer seats' {
            $e3.IsNce | Should -BeFalse
            $e3.Quantity | Should -BeLessThan 25
        }

        It 'returns the subscription as it is after the change, and no error' {
            @($addErrors).Count | Should -Be 0
            $results.Count | Should -Be 1
            $results[0].PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.Subscription'
            $results[0].SubscriptionId | Should -Be $e3.SubscriptionId
            $results[0].CustomerId | Should -Be $northwind.CustomerId
            $results[0].Profile | Should -Be $northwind.Profile
            $results[0].Quantity | Should -Be 25
            $results[0].Status | Should -Be 'active'
        }

        It 'shows the new seats in Get-CspLicense at once' {
            $seatsAfter.Active | Should -Be ($seatsBefore.Active + 25 - $e3.Quantity)
            $seatsAfter.Available | Should -Be ($seatsBefore.Available + 25 - $e3.Quantity)
            $seatsAfter.Assigned | Should -Be $seatsBefore.Assigned
            (Get-Current -Subscription $e3).Quantity | Should -Be 25
        }

        It 'journals the change as SubscriptionChanged with the seats before and after' {
            $entries = Get-Changes -Subscription $e3

            $entries.Count | Should -Be 1
            $entries[0].Outcome | Should -Be 'Succeeded'
            $entries[0].Profile | Should -Be $northwind.Profile
            ($entries[0].Before | ConvertFrom-Json).quantity | Should -Be $e3.Quantity
            ($entries[0].After | ConvertFrom-Json).quantity | Should -Be 25
            ($entries[0].After | ConvertFrom-Json).status | Should -Be 'active'
            $entries[0].Detail | Should -Be "$($e3.Quantity) -> 25 seat(s)"
        }

        It 'takes customer and subscription ids by position' {
            $result = Set-CspSubscription $northwind.CustomerId $e3.SubscriptionId -Quantity 26

            $result.Quantity | Should -Be 26
            (Get-Seats -Customer $northwind -Sku SPE_E3).Active | Should -Be ($seatsAfter.Active + 1)
        }
    }

    Context 'Removing NCE seats: only inside the refund window' {
        It 'refuses a decrease outside the window with SubscriptionDecreaseNotAllowed, and keeps the seats' {
            $o365 = (Get-OurSubscription -Customer $proseware -Sku ENTERPRISEPACK)[0]
            $o365.IsNce | Should -BeTrue
            $o365.RefundableQuantity | Should -Be 0
            $o365.DecreaseAllowedUntil | Should -BeLessThan ([DateTimeOffset]::UtcNow)

            $result = $o365 | Set-CspSubscription -Quantity ($o365.Quantity - 1) -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionDecreaseNotAllowed*'
            $err[0].TargetObject | Should -Be $o365.SubscriptionId
            $err[0].Exception.Message | Should -BeLike '*closed on*'
            $err[0].Exception.Message | Should -BeLike '*Only increases are possible now*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*term ends*'
            (Get-Current -Subscription $o365).Quantity | Should -Be $o365.Quantity
            @(Get-CspActivity -CustomerId $proseware.CustomerId).Count | Should -Be 0
        }

        It 'says how many seats can go and until when, when the window holds fewer seats than asked' {
            $spb = (Get-OurSubscription -Customer $alpine -Sku SPB)[0]
            $spb.RefundableQuantity | Should -Be 2
            $until = $spb.DecreaseAllowedUntil.UtcDateTime.ToString('yyyy-MM-dd HH:mm')

            $spb | Set-CspSubscription -Quantity ($spb.Quantity - 3) -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionDecreaseNotAllowed*'
            $err[0].Exception.Message | Should -BeLike "*reduced by 2 until $until UTC*"
            (Get-Current -Subscription $spb).Quantity | Should -Be $spb.Quantity
        }

        It 'checks the assigned seats inside the window too (SubscriptionBelowAssigned)' {
            $spb = (Get-OurSubscription -Customer $alpine -Sku SPB)[0]
            $seats = Get-Seats -Customer $alpine -Sku SPB
            $seats.Available | Should -Be 0

            $spb | Set-CspSubscription -Quantity ($spb.Quantity - 2) -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionBelowAssigned*'
            (Get-Current -Subscription $spb).Quantity | Should -Be $spb.Quantity
        }

        It 'removes seats bought this week' {
            $e5 = (Get-OurSubscription -Customer $tailspin -Sku SPE_E5 -Filter { $_.IsNce })[0]
            $seats = Get-Seats -Customer $tailspin -Sku SPE_E5
            $e5.RefundableQuantity | Should -BeGreaterOrEqual 2
            $seats.Available | Should -BeGreaterOrEqual 2

            $result = $e5 | Set-CspSubscription -Quantity ($e5.Quantity - 2)

            $result.Quantity | Should -Be ($e5.Quantity - 2)
            $result.RefundableQuantity | Should -Be ($e5.RefundableQuantity - 2)
            (Get-Seats -Customer $tailspin -Sku SPE_E5).Active | Should -Be ($seats.Active - 2)
        }

        It 'opens a window for seats added to an NCE subscription, for those seats only' {
            $ems = (Get-OurSubscription -Customer $wingtip -Sku EMS)[0]
            $ems.IsNce | Should -BeTrue
            $ems.RefundableQuantity | Should -Be 0

            $added = $ems | Set-CspSubscription -Quantity ($ems.Quantity + 2)
            $added.Quantity | Should -Be ($ems.Quantity + 2)
            $added.RefundableQuantity | Should -Be 2
            $added.DecreaseAllowedUntil | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddDays(6))
            $added.DecreaseAllowedUntil | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddDays(7))

            $ems | Set-CspSubscription -Quantity ($ems.Quantity - 1) -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionDecreaseNotAllowed*'
            $err[0].Exception.Message | Should -BeLike '*reduced by 2 until*'

            $removed = $ems | Set-CspSubscription -Quantity $ems.Quantity
            $removed.Quantity | Should -Be $ems.Quantity
            $removed.RefundableQuantity | Should -Be 0
        }
    }

    Context 'Removing legacy seats: any time, but not below the assigned seats' {
        BeforeAll {
            $ems = (Get-OurSubscription -Customer $northwind -Sku EMS)[0]
            $seats = Get-Seats -Customer $northwind -Sku EMS
        }

        It 'starts from a legacy subscription with 10 seats, 8 of them assigned' {
            $ems.IsNce | Should -BeFalse
            $ems.Quantity | Should -Be 10
            $seats.Active | Should -Be 10
            $seats.Assigned | Should -Be 8
        }

        It 'refuses to leave fewer seats than are assigned, with SubscriptionBelowAssigned' {
            $result = $ems | Set-CspSubscription -Quantity 7 -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionBelowAssigned*'
            $err[0].Exception.Message | Should -BeLike '*8 seat(s)*assigned*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
            (Get-Current -Subscription $ems).Quantity | Should -Be 10
        }

        It 'removes the unused seats, down to the assigned seats' {
            $result = $ems | Set-CspSubscription -Quantity 8

            $result.Quantity | Should -Be 8
            (Get-Seats -Customer $northwind -Sku EMS).Available | Should -Be 0
        }

        It 'goes below the assigned seats with -Force' {
            $result = $ems | Set-CspSubscription -Quantity 7 -Force

            $result.Quantity | Should -Be 7
            $after = Get-Seats -Customer $northwind -Sku EMS
            $after.Active | Should -Be 7
            $after.Assigned | Should -Be 8
            $after.Available | Should -Be -1
        }

        It 'journals each change that was made, and none that was refused' {
            $entries = Get-Changes -Subscription $ems

            ($entries.Detail -join ',') | Should -Be '10 -> 8 seat(s),8 -> 7 seat(s)'
            ($entries.Outcome | Sort-Object -Unique) -join ',' | Should -Be 'Succeeded'
        }
    }

    Context 'Quantities Partner Center does not accept' {
        BeforeAll {
            $basic = (Get-OurSubscription -Customer $contoso -Sku O365_BUSINESS_ESSENTIALS)[0]
        }

        It 'refuses fewer than one seat with SubscriptionQuantityInvalid before anything is sent' {
            $result = $basic | Set-CspSubscription -Quantity 0 -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionQuantityInvalid*'
            $err[0].Exception.Message | Should -BeLike '*at least 1 seat*'
            (Get-Current -Subscription $basic).Quantity | Should -Be $basic.Quantity
            @(Get-Changes -Subscription $basic).Count | Should -Be 0
        }

        It 'reports a quantity above the maximum, which Partner Center refuses, as SubscriptionQuantityInvalid' {
            $result = $basic | Set-CspSubscription -Quantity 20000 -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionQuantityInvalid*'
            (Get-Current -Subscription $basic).Quantity | Should -Be $basic.Quantity
        }

        It 'journals the change Partner Center refused as Failed' {
            $entries = Get-Changes -Subscription $basic

            $entries.Count | Should -Be 1
            $entries[0].Outcome | Should -Be 'Failed'
            ($entries[0].After | ConvertFrom-Json).quantity | Should -Be 20000
            $entries[0].Detail | Should -Not -BeNullOrEmpty
        }
    }

    Context 'Suspending and resuming' {
        BeforeAll {
            $archiving = (Get-OurSubscription -Customer $contoso -Sku EXCHANGEARCHIVE_ADDON)[0]
            $seats = Get-Seats -Customer $contoso -Sku EXCHANGEARCHIVE_ADDON
        }

        It 'suspends the subscription: Get-CspLicense counts its seats as Suspended' {
            $seats.Assigned | Should -Be 0
            $seats.Suspended | Should -Be 0

            $result = $archiving | Set-CspSubscription -Suspend

            $result.Status | Should -Be 'suspended'
            $after = Get-Seats -Customer $contoso -Sku EXCHANGEARCHIVE_ADDON
            $after.Active | Should -Be ($seats.Active - $archiving.Quantity)
            $after.Suspended | Should -Be $archiving.Quantity
        }

        It 'refuses to suspend it again with SubscriptionAlreadySuspended' {
            $archiving | Set-CspSubscription -Suspend -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionAlreadySuspended*'
        }

        It 'refuses a seat change while suspended with SubscriptionNotActive, recommending -Resume' {
            $archiving | Set-CspSubscription -Quantity 2 -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionNotActive*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Resume*'
            (Get-Current -Subscription $archiving).Quantity | Should -Be $archiving.Quantity
        }

        It 'resumes it: its seats are active again' {
            $result = $archiving | Set-CspSubscription -Resume

            $result.Status | Should -Be 'active'
            $after = Get-Seats -Customer $contoso -Sku EXCHANGEARCHIVE_ADDON
            $after.Active | Should -Be $seats.Active
            $after.Suspended | Should -Be 0
        }

        It 'refuses to resume an active subscription with SubscriptionNotSuspended' {
            $archiving | Set-CspSubscription -Resume -ErrorVariable err -ErrorAction SilentlyContinue

            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionNotSuspended*'
        }

        It 'refuses -Suspend together with -Resume or -Quantity as SubscriptionChangeInvalid' {
            $archiving | Set-CspSubscription -Suspend -Resume -ErrorVariable err1 -ErrorAction SilentlyContinue
            $archiving | Set-CspSubscription -Suspend -Quantity 3 -ErrorVariable err2 -ErrorAction SilentlyContinue

            (Get-ErrorIds (@($err1) + @($err2))) -join ',' | Should -Be 'SubscriptionChangeInvalid,SubscriptionChangeInvalid'
            (Get-Current -Subscription $archiving).Status | Should -Be 'active'
        }

        It 'journals the suspension and the resumption' {
            $entries = Get-Changes -Subscription $archiving

            $entries.Count | Should -Be 2
            (($entries.After | ForEach-Object { ($_ | ConvertFrom-Json).status }) -join ',') | Should -Be 'suspended,active'
            ($entries.Outcome | Sort-Object -Unique) -join ',' | Should -Be 'Succeeded'
        }

        It 'resumes a suspended subscription and changes its seats in one step' {
            $suspended = (Get-OurSubscription -Customer $adatum -Sku SPE_E5 -Filter { $_.Status -eq 'suspended' })[0]
            $before = Get-Seats -Customer $adatum -Sku SPE_E5

            $result = $suspended | Set-CspSubscription -Resume -Quantity ($suspended.Quantity + 1)

            $result.Status | Should -Be 'active'
            $result.Quantity | Should -Be ($suspended.Quantity + 1)
            $after = Get-Seats -Customer $adatum -Sku SPE_E5
            $after.Active | Should -Be ($before.Active + $suspended.Quantity + 1)
            $after.Suspended | Should -Be ($before.Suspended - $suspended.Quantity)
        }

        It 'refuses seat changes and -Resume for an expired subscription' {
            $expired = (Get-OurSubscription -Customer $wingtip -Sku SPE_E5 -Filter { $_.Status -eq 'expired' })[0]

            $expired | Set-CspSubscription -Quantity ($expired.Quantity + 1) -ErrorVariable err1 -ErrorAction SilentlyContinue
            $expired | Set-CspSubscription -Resume -ErrorVariable err2 -ErrorAction SilentlyContinue

            Get-ErrorIds $err1 | Should -Be 'SubscriptionNotActive'
            Get-ErrorIds $err2 | Should -Be 'SubscriptionNotSuspended'
            (Get-Current -Subscription $expired).Status | Should -Be 'expired'
        }
    }

    Context 'Auto-renewal and name' {
        BeforeAll {
            $exchange = (Get-OurSubscription -Customer $tailspin -Sku EXCHANGESTANDARD)[0]
        }

        It 'turns auto-renewal on and renames the subscription in one change, without touching the seats' {
            $exchange.AutoRenewEnabled | Should -BeFalse

            $result = $exchange | Set-CspSubscription -AutoRenew $true -FriendlyName 'Exchange - warehouse staff'

            $result.AutoRenewEnabled | Should -BeTrue
            $result.FriendlyName | Should -Be 'Exchange - warehouse staff'
            $result.Quantity | Should -Be $exchange.Quantity
            $entry = @(Get-Changes -Subscription $exchange)[-1]
            ($entry.Before | ConvertFrom-Json).autoRenewEnabled | Should -BeFalse
            ($entry.After | ConvertFrom-Json).autoRenewEnabled | Should -BeTrue
            ($entry.After | ConvertFrom-Json).friendlyName | Should -Be 'Exchange - warehouse staff'
            $entry.Detail | Should -BeNullOrEmpty
        }

        It 'turns auto-renewal off again' {
            $result = $exchange | Set-CspSubscription -AutoRenew $false

            $result.AutoRenewEnabled | Should -BeFalse
            (Get-Current -Subscription $exchange).AutoRenewEnabled | Should -BeFalse
        }
    }

    Context 'Other partners'' subscriptions' {
        It 'refuses to change them with SubscriptionNotProvidedByPartner' {
            $theirs = @($trey | Get-CspSubscription | Where-Object { -not $_.ProvidedByThisPartner })[0]
            $theirs | Should -Not -BeNullOrEmpty

            $result = $theirs | Set-CspSubscription -Quantity ($theirs.Quantity + 5) -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionNotProvidedByPartner*'
            (Get-Current -Subscription $theirs).Quantity | Should -Be $theirs.Quantity
            @(Get-CspActivity -CustomerId $trey.CustomerId).Count | Should -Be 0
        }
    }

    Context 'Errors' {
        BeforeAll {
            $basic = (Get-OurSubscription -Customer $contoso -Sku O365_BUSINESS_ESSENTIALS)[0]
        }

        It 'reports a subscription the customer does not have as SubscriptionNotFound' {
            $result = Set-CspSubscription -CustomerId $contoso.CustomerId -SubscriptionId ([guid]::NewGuid().Guid) -Quantity 3 -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionNotFound*'
        }

        It 'reports a call that names nothing to change as SubscriptionChangeEmpty' {
            $result = $basic | Set-CspSubscription -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SubscriptionChangeEmpty*'
        }

        It 'reports bad input per item and goes on with the others' {
            $items = @(
                [pscustomobject]@{ CustomerId = 'contoso.onmicrosoft.com'; SubscriptionId = $basic.SubscriptionId }
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; SubscriptionId = [guid]::NewGuid().Guid }
                $basic
            )

            $result = @($items | Set-CspSubscription -FriendlyName 'Office 365 E1 - all staff' -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -Be 1
            $result[0].SubscriptionId | Should -Be $basic.SubscriptionId
            $result[0].FriendlyName | Should -Be 'Office 365 E1 - all staff'
            (Get-ErrorIds $err | Sort-Object) -join ',' | Should -Be 'CustomerIdInvalid,SubscriptionNotFound'
        }

        It 'stops the command with -ErrorAction Stop' {
            { $basic | Set-CspSubscription -Quantity 0 -ErrorAction Stop } | Should -Throw -ErrorId 'SubscriptionQuantityInvalid*'
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
            { Set-CspSubscription -CustomerId $contoso.CustomerId -SubscriptionId ([guid]::NewGuid().Guid) -Quantity 5 } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
