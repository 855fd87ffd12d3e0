#Requires -Version 7.4

Describe 'Move-CspUserLicense' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $customers = @(Get-CspCustomer)
        $fabrikam = $customers | Where-Object CompanyName -eq 'Fabrikam'            # EXCHANGESTANDARD all assigned; SPE_E5 (ours) with free seats
        $tailspin = $customers | Where-Object CompanyName -eq 'Tailspin Toys'       # SPE_E5 and EXCHANGESTANDARD (NCE, few free); no License Administrator
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'              # no Exchange Online; EMS full
        $proseware = $customers | Where-Object CompanyName -eq 'Proseware'          # GDAP: Directory Readers only

        # 'id=quantity;...' for a customer's subscriptions: equal strings mean nothing was bought.
        function Get-QuantityTable {
            param([Parameter(Mandatory)] $Customer)
            (@($Customer | Get-CspSubscription) | Sort-Object -Property SubscriptionId |
                ForEach-Object { '{0}={1}' -f $_.SubscriptionId, $_.Quantity }) -join ';'
        }

        function Get-Seats {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku)
            $Customer | Get-CspLicense | Where-Object SkuPartNumber -eq $Sku
        }

        # The active subscription of a product that this partner provides and -AutoIncrease adds seats to.
        function Get-OurSubscription {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku)
            $Customer | Get-CspSubscription |
                Where-Object { $_.SkuPartNumber -eq $Sku -and $_.ProvidedByThisPartner -and $_.Status -eq 'active' -and -not $_.IsTrial } |
                Sort-Object -Property Quantity -Descending | Select-Object -First 1
        }

        function Get-Moves {
            param([Parameter(Mandatory)] $Customer)
            @(Get-CspActivity -CustomerId $Customer.CustomerId -Operation LicenseMoved)
        }

        # The lines of a checkpoint file as objects: the header naming the transfer, then one user a line.
        function Get-CheckpointLines {
            param([Parameter(Mandatory)] [string] $Path)
            @(Get-Content -LiteralPath $Path | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'The command' {
        It 'supports -WhatIf and -Confirm with a Medium confirmation impact' {
            $command = Get-Command -Name Move-CspUserLicense
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        }

        It 'takes users by property name and keeps -ThrottleLimit between 1 and 8' {
            $command = Get-Command -Name Move-CspUserLicense
            $range = $command.Parameters['ThrottleLimit'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }

            $command.Parameters['UserId'].ParameterType | Should -Be ([string[]])
            $command.Parameters['UserId'].Aliases | Should -Contain 'UserPrincipalName'
            $command.Parameters['CustomerId'].Aliases | Should -Contain 'TenantId'
            $range.MinRange | Should -Be 1
            $range.MaxRange | Should -Be 8
            { Move-CspUserLicense -CustomerId $fabrikam.CustomerId -From EXCHANGESTANDARD -To SPE_E5 -ThrottleLimit 9 } | Should -Throw
        }

        It 'declares the three objects it returns' {
            $types = @((Get-Command -Name Move-CspUserLicense).OutputType.Name)

            $types | Should -Contain 'CspAdmin.Engine.Model.TransferResult'
            $types | Should -Contain 'CspAdmin.Engine.Model.TransferSummary'
            $types | Should -Contain 'CspAdmin.Engine.Model.TransferPlan'
        }
    }

    Context 'A transfer that cannot be made changes nothing' {
        BeforeAll {
            $contosoMap = Get-LicenseMap -Customer $contoso
            $fabrikamMap = Get-LicenseMap -Customer $fabrikam
            $fabrikamSeats = Get-SeatTable -Customer $fabrikam
        }

        It 'reports a license the customer does not have as SkuNotFound, listing those it has' {
            $result = $contoso | Move-CspUserLicense -From NO_SUCH_SKU -To EMS -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SkuNotFound*'
            $err[0].Exception.Message | Should -BeLike '*O365_BUSINESS_ESSENTIALS*'
        }

        It 'reports an unknown -To as SkuNotFound as well' {
            $contoso | Move-CspUserLicense -From EMS -To EXCHANGESTANDARD -ErrorVariable err -ErrorAction SilentlyContinue

            Get-ErrorIds $err | Should -Be 'SkuNotFound'
        }

        It 'reports the same license as -From and -To as TransferInvalid, also under two names' {
            $result = $fabrikam | Move-CspUserLicense -From SPE_E5 -To 'Microsoft 365 E5' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'TransferInvalid*'
            $err[0].Exception.Message | Should -BeLike '*SPE_E5*'
        }

        It 'reports named users that are not users of the customer, and moves none of the others' {
            $holder = Get-CspUser -CustomerId $fabrikam.CustomerId -Sku EXCHANGESTANDARD | Select-Object -First 1

            Move-CspUserLicense -CustomerId $fabrikam.CustomerId -UserId $holder.UserId, 'nobody@fabrikam.onmicrosoft.com' -From EXCHANGESTANDARD -To SPE_E5 `
                -ErrorVariable notFound -ErrorAction SilentlyContinue
            Move-CspUserLicense -CustomerId $fabrikam.CustomerId -UserId $holder.UserId, 'not a user' -From EXCHANGESTANDARD -To SPE_E5 `
                -ErrorVariable invalid -ErrorAction SilentlyContinue

            Get-ErrorIds $notFound | Should -Be 'UserNotFound'
            Get-ErrorIds $invalid | Should -Be 'UserIdInvalid'
            (Get-CspUser -CustomerId $fabrikam.CustomerId -UserId $holder.UserId).Licenses | Should -Contain 'EXCHANGESTANDARD'
        }

        It 'reports a value that is not a tenant id as CustomerIdInvalid' {
            $result = Move-CspUserLicense -CustomerId 'fabrikam.onmicrosoft.com' -From EXCHANGESTANDARD -To SPE_E5 -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            Get-ErrorIds $err | Should -Be 'CustomerIdInvalid'
        }

        It 'stops the command with -ErrorAction Stop' {
            { $contoso | Move-CspUserLicense -From NO_SUCH_SKU -To EMS -ErrorAction Stop } | Should -Throw -ErrorId 'SkuNotFound*'
        }

        It 'changed no license and no seat, and journalled nothing' {
            Get-LicenseMap -Customer $contoso | Should -Be $contosoMap
            Get-LicenseMap -Customer $fabrikam | Should -Be $fabrikamMap
            Get-SeatTable -Customer $fabrikam | Should -Be $fabrikamSeats
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context '-WhatIf: the plan' {
        BeforeAll {
            $fabrikamSeats = Get-SeatTable -Customer $fabrikam
            $fabrikamMap = Get-LicenseMap -Customer $fabrikam
            $exchangeHolders = @($fabrikam | Get-CspUser -Sku EXCHANGESTANDARD)
            $withoutE5 = @($exchangeHolders | Where-Object { $_.Licenses -notcontains 'SPE_E5' })
            $e5 = Get-Seats -Customer $fabrikam -Sku SPE_E5
        }

        It 'returns one TransferPlan with the users and seats, and changes nothing' {
            $plan = @($fabrikam | Move-CspUserLicense -From EXCHANGESTANDARD -To SPE_E5 -WhatIf)

            $plan.Count | Should -Be 1
            $plan[0].PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.TransferPlan'
            $plan[0].CustomerId | Should -Be $fabrikam.CustomerId
            $plan[0].Profile | Should -Be $fabrikam.Profile
            $plan[0].From | Should -Be 'EXCHANGESTANDARD'
            $plan[0].To | Should -Be 'SPE_E5'
            $plan[0].Users | Should -Be $exchangeHolders.Count
            $plan[0].AlreadyMoved | Should -Be 0
            $plan[0].SeatsNeeded | Should -Be $withoutE5.Count
            $plan[0].SeatsFree | Should -Be $e5.Available
            $plan[0].SeatsToBuy | Should -Be 0

            Get-SeatTable -Customer $fabrikam | Should -Be $fabrikamSeats
            Get-LicenseMap -Customer $fabrikam | Should -Be $fabrikamMap
            @(Get-CspActivity).Count | Should -Be 0
        }

        It 'takes product names and shows part numbers' {
            $plan = $fabrikam | Move-CspUserLicense -From 'Exchange Online (Plan 1)' -To 'Microsoft 365 E5' -WhatIf

            $plan.From | Should -Be 'EXCHANGESTANDARD'
            $plan.To | Should -Be 'SPE_E5'
            $plan.Users | Should -Be $exchangeHolders.Count
        }

        It 'counts the seats -AutoIncrease would buy, and buys none' {
            $holders = @($tailspin | Get-CspUser -Sku SPE_E5)
            $needSeat = @($holders | Where-Object { $_.Licenses -notcontains 'EXCHANGESTANDARD' })
            $free = (Get-Seats -Customer $tailspin -Sku EXCHANGESTANDARD).Available
            $quantities = Get-QuantityTable -Customer $tailspin

            $plan = $tailspin | Move-CspUserLicense -From SPE_E5 -To EXCHANGESTANDARD -AutoIncrease -WhatIf

            $plan.Users | Should -Be $holders.Count
            $plan.SeatsNeeded | Should -Be $needSeat.Count
            $plan.SeatsFree | Should -Be $free
            $plan.SeatsToBuy | Should -Be ($needSeat.Count - $free)
            $plan.SeatsToBuy | Should -BeGreaterThan 0
            Get-QuantityTable -Customer $tailspin | Should -Be $quantities
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context 'Too few seats: Microsoft 365 E5 users of Tailspin Toys to Exchange Online (Plan 1)' {
        BeforeAll {
            $holders = @($tailspin | Get-CspUser -Sku SPE_E5)
            $needSeat = @($holders | Where-Object { $_.Licenses -notcontains 'EXCHANGESTANDARD' })
            $free = (Get-Seats -Customer $tailspin -Sku EXCHANGESTANDARD).Available
            $seats = Get-SeatTable -Customer $tailspin
            $map = Get-LicenseMap -Customer $tailspin
            $quantities = Get-QuantityTable -Customer $tailspin
        }

        It 'needs more seats than are free' {
            $needSeat.Count | Should -BeGreaterThan $free
        }

        It 'stops the transfer before any change with TransferSeatsShort, giving the numbers' {
            $result = $tailspin | Move-CspUserLicense -From SPE_E5 -To EXCHANGESTANDARD -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'TransferSeatsShort*'
            $err[0].TargetObject | Should -Be $tailspin.CustomerId
            $err[0].Exception.Message | Should -BeLike "*needs $($needSeat.Count) seat(s); $free are free*"
            $err[0].Exception.Message | Should -BeLike '*Nothing was changed*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike "*Buy $($needSeat.Count - $free) seat(s)*-AutoIncrease*"
        }

        It 'changed no license, no seat and no subscription, and journalled nothing' {
            Get-SeatTable -Customer $tailspin | Should -Be $seats
            Get-LicenseMap -Customer $tailspin | Should -Be $map
            Get-QuantityTable -Customer $tailspin | Should -Be $quantities
            @(Get-CspActivity -CustomerId $tailspin.CustomerId).Count | Should -Be 0
        }
    }

    Context '-AutoIncrease buys the missing seats once; -Summary' {
        BeforeAll {
            $movers = @($tailspin | Get-CspUser -Sku SPE_E5 | Where-Object { $_.Licenses -notcontains 'EXCHANGESTANDARD' } | Select-Object -First 4)
            $exchangeBefore = Get-Seats -Customer $tailspin -Sku EXCHANGESTANDARD
            $e5Before = Get-Seats -Customer $tailspin -Sku SPE_E5
            $subscription = Get-OurSubscription -Customer $tailspin -Sku EXCHANGESTANDARD
            $deficit = $movers.Count - $exchangeBefore.Available

            $summary = @($movers | Move-CspUserLicense -From SPE_E5 -To EXCHANGESTANDARD -AutoIncrease -Summary `
                    -ErrorVariable moveErrors -WarningVariable notes -WarningAction SilentlyContinue)
        }

        It 'moves more users than there are free seats' {
            $movers.Count | Should -Be 4
            $deficit | Should -BeGreaterThan 0
            $subscription | Should -Not -BeNullOrEmpty
        }

        It 'returns one TransferSummary with the counts, and no error' {
            @($moveErrors).Count | Should -Be 0
            $summary.Count | Should -Be 1
            $summary[0].PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.TransferSummary'
            $summary[0].CustomerId | Should -Be $tailspin.CustomerId
            $summary[0].Profile | Should -Be $tailspin.Profile
            $summary[0].Moved | Should -Be $movers.Count
            $summary[0].Skipped | Should -Be 0
            $summary[0].Failed | Should -Be 0
            $summary[0].SeatsBought | Should -Be $deficit
            $summary[0].Requests | Should -BeGreaterThan 0
            $summary[0].Throttled | Should -BeGreaterOrEqual 0
            $summary[0].Elapsed | Should -BeGreaterThan ([TimeSpan]::Zero)
        }

        It 'bought exactly the missing seats on the subscription this partner provides' {
            (Get-CspSubscription -CustomerId $tailspin.CustomerId -SubscriptionId $subscription.SubscriptionId).Quantity | Should -Be ($subscription.Quantity + $deficit)
            $exchangeAfter = Get-Seats -Customer $tailspin -Sku EXCHANGESTANDARD
            $exchangeAfter.Active | Should -Be ($exchangeBefore.Active + $deficit)
            $exchangeAfter.Assigned | Should -Be ($exchangeBefore.Assigned + $movers.Count)
            $exchangeAfter.Available | Should -Be 0
            (Get-Seats -Customer $tailspin -Sku SPE_E5).Assigned | Should -Be ($e5Before.Assigned - $movers.Count)
        }

        It 'moved every user: Exchange Online (Plan 1) instead of Microsoft 365 E5' {
            foreach ($mover in $movers) {
                $now = Get-CspUser -CustomerId $tailspin.CustomerId -UserId $mover.UserId
                $now.Licenses | Should -Contain 'EXCHANGESTANDARD'
                $now.Licenses | Should -Not -Contain 'SPE_E5'
            }
        }

        It 'writes the purchase as a warning and journals it once as SeatsBought' {
            @($notes | Where-Object { $_.Message -like "*Bought $deficit seat(s)*(EXCHANGESTANDARD)*" }).Count | Should -Be 1
            $purchases = @(Get-CspActivity -CustomerId $tailspin.CustomerId -Operation SeatsBought)
            $purchases.Count | Should -Be 1
            $purchases[0].Outcome | Should -Be 'Succeeded'
            $purchases[0].Target | Should -Be $subscription.SubscriptionId
            $purchases[0].Detail | Should -BeLike "$deficit seat*"
        }

        It 'journals one LicenseMoved per user' {
            $moves = Get-Moves -Customer $tailspin

            $moves.Count | Should -Be $movers.Count
            ($moves.Outcome | Sort-Object -Unique) -join ',' | Should -Be 'Succeeded'
            ($moves.Target | Sort-Object) -join ',' | Should -Be (($movers.UserPrincipalName | Sort-Object) -join ',')
        }
    }

    Context 'Exchange Online (Plan 1) users of Fabrikam move to Microsoft 365 E5, resumed from a checkpoint' {
        BeforeAll {
            $everyoneBefore = @($fabrikam | Get-CspUser)
            $seatsBefore = @($fabrikam | Get-CspLicense)
            $e5Before = $seatsBefore | Where-Object SkuPartNumber -eq 'SPE_E5'
            $exchangeBefore = $seatsBefore | Where-Object SkuPartNumber -eq 'EXCHANGESTANDARD'
            $holders = @($fabrikam | Get-CspUser -Sku EXCHANGESTANDARD)
            $needSeat = @($holders | Where-Object { $_.Licenses -notcontains 'SPE_E5' })
            $exchangeSubscription = Get-OurSubscription -Customer $fabrikam -Sku EXCHANGESTANDARD
            $checkpoint = Join-Path $TestDrive 'fabrikam-exchange-to-e5.jsonl'

            # A first run that ends after three users, as a runbook cut off by Azure Automation would...
            $firstRun = @($holders | Select-Object -First 3 |
                Move-CspUserLicense -From EXCHANGESTANDARD -To SPE_E5 -CheckpointPath $checkpoint -WarningAction SilentlyContinue)
            # ... and the same transfer for every holder, with the same checkpoint file.
            $results = @($fabrikam | Move-CspUserLicense -From EXCHANGESTANDARD -To SPE_E5 -CheckpointPath $checkpoint `
                    -ErrorVariable moveErrors -WarningVariable notes -WarningAction SilentlyContinue)

            $everyoneAfter = @($fabrikam | Get-CspUser)
            $seatsAfter = @($fabrikam | Get-CspLicense)
            $journalled = (Get-Moves -Customer $fabrikam).Count
        }

        It 'starts from holders of whom some need a Microsoft 365 E5 seat, and enough free seats' {
            $holders.Count | Should -BeGreaterThan 3
            $needSeat.Count | Should -BeGreaterThan 0
            $needSeat.Count | Should -BeLessOrEqual $e5Before.Available
        }

        It 'moved the first three users in the first run' {
            $firstRun.Count | Should -Be 3
            ($firstRun.Status | Sort-Object -Unique) -join ',' | Should -Be 'Moved'
            ($firstRun.UserId | Sort-Object) -join ',' | Should -Be ((@($holders | Select-Object -First 3).UserId | Sort-Object) -join ',')
        }

        It 'moves the others in the second run, one Moved result each, and no error' {
            $rest = @($holders | Select-Object -Skip 3)

            @($moveErrors).Count | Should -Be 0
            $results.Count | Should -Be $rest.Count
            ($results.UserId | Sort-Object) -join ',' | Should -Be (($rest.UserId | Sort-Object) -join ',')
            foreach ($result in $results) {
                $result.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.TransferResult'
                $result.Status | Should -Be 'Moved'
                $result.Reason | Should -BeNullOrEmpty
                $result.CustomerId | Should -Be $fabrikam.CustomerId
                $result.Profile | Should -Be $fabrikam.Profile
                $result.From | Should -Be 'EXCHANGESTANDARD'
                $result.To | Should -Be 'SPE_E5'
                $result.UserPrincipalName | Should -Be ($holders | Where-Object UserId -eq $result.UserId).UserPrincipalName
            }
        }

        It 'leaves every mover with Microsoft 365 E5 instead of Exchange Online (Plan 1), and its other licenses' {
            foreach ($holder in $holders) {
                $before = $everyoneBefore | Where-Object UserId -eq $holder.UserId
                $after = $everyoneAfter | Where-Object UserId -eq $holder.UserId
                $expected = (@($before.Licenses | Where-Object { $_ -ne 'EXCHANGESTANDARD' }) + 'SPE_E5' | Sort-Object -Unique) -join ','

                (@($after.Licenses) | Sort-Object) -join ',' | Should -Be $expected
            }
        }

        It 'leaves the users who did not hold Exchange Online (Plan 1) alone' {
            foreach ($before in $everyoneBefore | Where-Object { $holders.UserId -notcontains $_.UserId }) {
                $after = $everyoneAfter | Where-Object UserId -eq $before.UserId
                (@($after.Licenses) | Sort-Object) -join ',' | Should -Be ((@($before.Licenses) | Sort-Object) -join ',')
            }
        }

        It 'shows the move in Get-CspLicense: assigned seats agree with the users, nothing bought' {
            $e5After = $seatsAfter | Where-Object SkuPartNumber -eq 'SPE_E5'
            $exchangeAfter = $seatsAfter | Where-Object SkuPartNumber -eq 'EXCHANGESTANDARD'

            $e5After.Assigned | Should -Be ($e5Before.Assigned + $needSeat.Count)
            $e5After.Active | Should -Be $e5Before.Active
            $exchangeAfter.Assigned | Should -Be 0
            $exchangeAfter.Active | Should -Be $exchangeBefore.Active
            $e5After.Assigned | Should -Be @($everyoneAfter | Where-Object { $_.Licenses -contains 'SPE_E5' }).Count
            @($fabrikam | Get-CspUser -Sku EXCHANGESTANDARD).Count | Should -Be 0
            @(Get-CspActivity -CustomerId $fabrikam.CustomerId -Operation SeatsBought).Count | Should -Be 0
        }

        It 'journals each user once, as LicenseMoved with the license before and after' {
            $moves = Get-Moves -Customer $fabrikam

            $moves.Count | Should -Be $holders.Count
            ($moves.Target | Sort-Object) -join ',' | Should -Be (($holders.UserPrincipalName | Sort-Object) -join ',')
            foreach ($move in $moves) {
                $move.Outcome | Should -Be 'Succeeded'
                $move.Profile | Should -Be $fabrikam.Profile
                ($move.Before | ConvertFrom-Json).license | Should -Be 'EXCHANGESTANDARD'
                ($move.After | ConvertFrom-Json).license | Should -Be 'SPE_E5'
            }
        }

        It 'records every user moved in the checkpoint, after a line naming the transfer' {
            $lines = Get-CheckpointLines -Path $checkpoint

            $lines.Count | Should -Be ($holders.Count + 1)
            $lines[0].customerId | Should -Be $fabrikam.CustomerId
            $lines[0].from | Should -Be $exchangeBefore.SkuId
            $lines[0].to | Should -Be $e5Before.SkuId
            (@($lines | Select-Object -Skip 1).user | Sort-Object) -join ',' | Should -Be (($holders.UserId | Sort-Object) -join ',')
        }

        It 'suggests the reduction Invoke-CspOptimization would make, without making it' {
            $suggestions = @($notes | Where-Object { $_.Message -like '*EXCHANGESTANDARD*unused seats*Invoke-CspOptimization would reduce*' })

            $suggestions.Count | Should -Be 1
            $suggestions[0].Message | Should -BeLike "*subscription $($exchangeSubscription.SubscriptionId) from $($exchangeSubscription.Quantity) to *"
            (Get-CspSubscription -CustomerId $fabrikam.CustomerId -SubscriptionId $exchangeSubscription.SubscriptionId).Quantity |
                Should -Be $exchangeSubscription.Quantity
        }

        It 'moves nobody again and fails nobody when run again with the same checkpoint (-Summary)' {
            $map = Get-LicenseMap -Customer $fabrikam

            $again = @($fabrikam | Move-CspUserLicense -From EXCHANGESTANDARD -To SPE_E5 -CheckpointPath $checkpoint -Summary -ErrorVariable err)

            @($err).Count | Should -Be 0
            $again.Count | Should -Be 1
            $again[0].Moved | Should -Be 0
            $again[0].Failed | Should -Be 0
            $again[0].SeatsBought | Should -Be 0
            Get-LicenseMap -Customer $fabrikam | Should -Be $map
            (Get-Moves -Customer $fabrikam).Count | Should -Be $journalled
        }

        It 'reports the same users, named again, as Skipped: they hold Microsoft 365 E5 already' {
            $again = @($holders | Move-CspUserLicense -From EXCHANGESTANDARD -To SPE_E5 -CheckpointPath $checkpoint -ErrorVariable err)

            @($err).Count | Should -Be 0
            $again.Count | Should -Be $holders.Count
            foreach ($result in $again) {
                $result.Status | Should -Be 'Skipped'
                $result.Reason | Should -BeLike '*already holds SPE_E5*'
            }
            (Get-Moves -Customer $fabrikam).Count | Should -Be $journalled
        }

        It 'plans nothing left to do' {
            $plan = $holders | Move-CspUserLicense -From EXCHANGESTANDARD -To SPE_E5 -CheckpointPath $checkpoint -WhatIf

            $plan.Users | Should -Be 0
            $plan.AlreadyMoved | Should -Be $holders.Count
            $plan.SeatsNeeded | Should -Be 0
            $plan.SeatsToBuy | Should -Be 0
        }

        It 'refuses the checkpoint for another transfer with CheckpointMismatch' {
            $map = Get-LicenseMap -Customer $fabrikam

            $result = $fabrikam | Move-CspUserLicense -From EXCHANGESTANDARD -To POWER_BI_PRO -CheckpointPath $checkpoint -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointMismatch*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*checkpoint file per customer*'
            Get-LicenseMap -Customer $fabrikam | Should -Be $map
            (Get-CheckpointLines -Path $checkpoint).Count | Should -Be ($holders.Count + 1)
        }
    }

    Context 'Several customers: one checkpoint file each' {
        BeforeAll {
            $tailspinHolders = @($tailspin | Get-CspUser -Sku EXCHANGESTANDARD)
            $path = Join-Path $TestDrive 'exchange-to-e5.jsonl'

            $summaries = @($fabrikam, $tailspin | Move-CspUserLicense -From EXCHANGESTANDARD -To SPE_E5 -CheckpointPath $path -Summary `
                    -ErrorVariable moveErrors -WarningAction SilentlyContinue)
        }

        It 'returns one summary per customer, and no error' {
            @($moveErrors).Count | Should -Be 0
            $summaries.Count | Should -Be 2
            ($summaries.CustomerId | Sort-Object) -join ',' | Should -Be ((@($fabrikam.CustomerId, $tailspin.CustomerId) | Sort-Object) -join ',')
            ($summaries | Where-Object CustomerId -eq $fabrikam.CustomerId).Moved | Should -Be 0
            ($summaries | Where-Object CustomerId -eq $tailspin.CustomerId).Moved | Should -Be $tailspinHolders.Count
            ($summaries.Failed | Measure-Object -Sum).Sum | Should -Be 0
        }

        It 'writes one checkpoint per customer beside the name given, and none under the name itself' {
            $fabrikamFile = Join-Path $TestDrive "exchange-to-e5.$($fabrikam.CustomerId).jsonl"
            $tailspinFile = Join-Path $TestDrive "exchange-to-e5.$($tailspin.CustomerId).jsonl"

            Test-Path -LiteralPath $path | Should -BeFalse
            Test-Path -LiteralPath $fabrikamFile | Should -BeTrue
            Test-Path -LiteralPath $tailspinFile | Should -BeTrue
            (Get-CheckpointLines -Path $fabrikamFile)[0].customerId | Should -Be $fabrikam.CustomerId
            $lines = Get-CheckpointLines -Path $tailspinFile
            $lines[0].customerId | Should -Be $tailspin.CustomerId
            (@($lines | Select-Object -Skip 1).user | Sort-Object) -join ',' | Should -Be (($tailspinHolders.UserId | Sort-Object) -join ',')
        }

        It 'leaves nobody on Exchange Online (Plan 1) in either customer' {
            @($fabrikam | Get-CspUser -Sku EXCHANGESTANDARD).Count | Should -Be 0
            @($tailspin | Get-CspUser -Sku EXCHANGESTANDARD).Count | Should -Be 0
            (Get-Seats -Customer $tailspin -Sku EXCHANGESTANDARD).Assigned | Should -Be 0
        }
    }

    Context 'GDAP' {
        It 'checks that the partner may change licenses before buying seats, and buys none' {
            $quantities = Get-QuantityTable -Customer $proseware
            $map = Get-LicenseMap -Customer $proseware

            $result = $proseware | Move-CspUserLicense -From ENTERPRISEPACK -To MCOEV -AutoIncrease -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -BeLike '*License Administrator*'
            Get-QuantityTable -Customer $proseware | Should -Be $quantities
            Get-LicenseMap -Customer $proseware | Should -Be $map
            @(Get-CspActivity -CustomerId $proseware.CustomerId).Count | Should -Be 0
        }

        It 'reports each user it may not change as Failed and as a LicenseMoveFailed error, and changes nobody' {
            $holders = @($proseware | Get-CspUser -Sku EMS)
            $map = Get-LicenseMap -Customer $proseware

            $results = @($proseware | Move-CspUserLicense -From EMS -To ENTERPRISEPACK -ErrorVariable err -ErrorAction SilentlyContinue)

            $holders.Count | Should -BeGreaterThan 0
            $results.Count | Should -Be $holders.Count
            foreach ($result in $results) {
                $result.Status | Should -Be 'Failed'
                $result.Reason | Should -BeLike '*License Administrator*'
            }
            @($err).Count | Should -Be $holders.Count
            (Get-ErrorIds $err | Sort-Object -Unique) -join ',' | Should -Be 'LicenseMoveFailed'
            ($err.TargetObject | Sort-Object) -join ',' | Should -Be (($holders.UserPrincipalName | Sort-Object) -join ',')
            foreach ($record in $err) {
                $record.Exception.Message | Should -BeLike '*keeps EMS*'
            }
            Get-LicenseMap -Customer $proseware | Should -Be $map
            $moves = Get-Moves -Customer $proseware
            $moves.Count | Should -Be $holders.Count
            ($moves.Outcome | Sort-Object -Unique) -join ',' | Should -Be 'Failed'
        }
    }

    Context 'Journal' {
        It 'writes the journal to the file named by CSPADMIN_JOURNAL_PATH' {
            Test-Path -LiteralPath $journalPath | Should -BeTrue
            Get-Content -LiteralPath $journalPath -Raw | Should -BeLike '*LicenseMoved*'
        }

        It 'writes each change when it starts and again with its outcome' {
            Assert-JournalRecordsEachChangeTwice
        }

        It 'holds no token' {
            Assert-JournalHoldsNoToken
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
            { Move-CspUserLicense -CustomerId $fabrikam.CustomerId -From EXCHANGESTANDARD -To SPE_E5 } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
