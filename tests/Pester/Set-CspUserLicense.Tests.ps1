#Requires -Version 7.4

Describe 'Set-CspUserLicense' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'              # EMS full, 1 seat of Business Basic free
        $fabrikam = $customers | Where-Object CompanyName -eq 'Fabrikam'            # SPE_E5 and EXCHANGESTANDARD
        $trey = $customers | Where-Object CompanyName -eq 'Trey Research'           # PROJECTPROFESSIONAL only suspended
        $proseware = $customers | Where-Object CompanyName -eq 'Proseware'          # GDAP: Directory Readers only

        function Get-Seats {
            param([Parameter(Mandatory)] $Customer, [Parameter(Mandatory)] [string] $Sku)
            $Customer | Get-CspLicense | Where-Object SkuPartNumber -eq $Sku
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'A change that makes no sense stops the command before anything is read' {
        BeforeAll {
            $user = Get-CspUser -CustomerId $contoso.CustomerId | Select-Object -First 1
            $seats = Get-SeatTable -Customer $contoso
        }

        It 'stops with LicenseChangeEmpty without -Add or -Remove' {
            { $user | Set-CspUserLicense } | Should -Throw -ErrorId 'LicenseChangeEmpty*'
        }

        It 'stops with LicenseChangeInvalid when a license is both added and removed' {
            { $user | Set-CspUserLicense -Add EMS -Remove ems } | Should -Throw -ErrorId 'LicenseChangeInvalid*'
        }

        It 'stops with LicenseChangeInvalid for -DisabledPlan without -Add' {
            { $user | Set-CspUserLicense -Remove EMS -DisabledPlan SWAY } | Should -Throw -ErrorId 'LicenseChangeInvalid*'
        }

        It 'changed nothing' {
            Get-SeatTable -Customer $contoso | Should -Be $seats
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context '-WhatIf' {
        It 'changes no license, no seat and writes nothing to the journal' {
            $seats = Get-SeatTable -Customer $fabrikam
            $map = Get-LicenseMap -Customer $fabrikam
            $holders = @($fabrikam | Get-CspUser -Sku EXCHANGESTANDARD)
            $holders.Count | Should -BeGreaterThan 0

            $result = $holders | Set-CspUserLicense -Add SPE_E5 -Remove EXCHANGESTANDARD -WhatIf

            $result | Should -BeNullOrEmpty
            Get-SeatTable -Customer $fabrikam | Should -Be $seats
            Get-LicenseMap -Customer $fabrikam | Should -Be $map
            @(Get-CspActivity).Count | Should -Be 0
        }
    }

    Context 'Swapping licenses: Exchange Online (Plan 1) users move to Microsoft 365 E5' {
        BeforeAll {
            $everyoneBefore = @($fabrikam | Get-CspUser)
            $seatsBefore = @($fabrikam | Get-CspLicense)
            $holders = @($fabrikam | Get-CspUser -Sku EXCHANGESTANDARD)
            $needSeat = @($holders | Where-Object { $_.Licenses -notcontains 'SPE_E5' })
            $e5Before = $seatsBefore | Where-Object SkuPartNumber -eq 'SPE_E5'
            $exchangeBefore = $seatsBefore | Where-Object SkuPartNumber -eq 'EXCHANGESTANDARD'

            $results = @($holders | Set-CspUserLicense -Add SPE_E5 -Remove EXCHANGESTANDARD -ErrorVariable swapErrors)

            $everyoneAfter = @($fabrikam | Get-CspUser)
            $seatsAfter = @($fabrikam | Get-CspLicense)
        }

        It 'has enough free Microsoft 365 E5 seats for the users who need one' {
            $holders.Count | Should -BeGreaterThan 1
            $needSeat.Count | Should -BeGreaterThan 0
            $needSeat.Count | Should -BeLessOrEqual $e5Before.Available
        }

        It 'reports one Changed result per user and no error' {
            @($swapErrors).Count | Should -Be 0
            $results.Count | Should -Be $holders.Count
            ($results.UserId | Sort-Object) -join ',' | Should -Be (($holders.UserId | Sort-Object) -join ',')
            foreach ($result in $results) {
                $result.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.LicenseChangeResult'
                $result.Status | Should -Be 'Changed'
                $result.CustomerId | Should -Be $fabrikam.CustomerId
                $result.Profile | Should -Be $fabrikam.Profile
                $result.Removed -join ',' | Should -Be 'EXCHANGESTANDARD'
            }
        }

        It 'adds Microsoft 365 E5 only to the users who did not have it' {
            foreach ($result in $results) {
                if ($needSeat.UserId -contains $result.UserId) {
                    $result.Added -join ',' | Should -Be 'SPE_E5'
                }
                else {
                    @($result.Added).Count | Should -Be 0
                }
            }
        }

        It 'leaves every user with Microsoft 365 E5, without Exchange Online (Plan 1), and with its other licenses' {
            foreach ($holder in $holders) {
                $now = $everyoneAfter | Where-Object UserId -eq $holder.UserId
                $expected = @($holder.Licenses | Where-Object { $_ -ne 'EXCHANGESTANDARD' }) + @('SPE_E5') | Sort-Object -Unique

                (@($now.Licenses) | Sort-Object) -join ',' | Should -Be ($expected -join ',')
                $result = $results | Where-Object UserId -eq $holder.UserId
                (@($result.Licenses) | Sort-Object) -join ',' | Should -Be ($expected -join ',')
            }
        }

        It 'leaves the other users alone' {
            foreach ($user in $everyoneBefore | Where-Object { $holders.UserId -notcontains $_.UserId }) {
                $now = $everyoneAfter | Where-Object UserId -eq $user.UserId
                (@($now.Licenses) | Sort-Object) -join ',' | Should -Be ((@($user.Licenses) | Sort-Object) -join ',')
            }
        }

        It 'moves the seats: Get-CspLicense agrees with the users' {
            $e5After = $seatsAfter | Where-Object SkuPartNumber -eq 'SPE_E5'
            $exchangeAfter = $seatsAfter | Where-Object SkuPartNumber -eq 'EXCHANGESTANDARD'

            $e5After.Assigned | Should -Be ($e5Before.Assigned + $needSeat.Count)
            $e5After.Active | Should -Be $e5Before.Active
            $exchangeAfter.Assigned | Should -Be ($exchangeBefore.Assigned - $holders.Count)
            $exchangeAfter.Available | Should -Be ($exchangeBefore.Available + $holders.Count)
            foreach ($row in $seatsAfter) {
                @($everyoneAfter | Where-Object { $_.Licenses -contains $row.SkuPartNumber }).Count | Should -Be $row.Assigned
            }
        }

        It 'journals each user''s change with the licenses before and after' {
            $entries = @(Get-CspActivity -CustomerId $fabrikam.CustomerId -Operation LicensesChanged)

            $entries.Count | Should -Be $holders.Count
            ($entries.Target | Sort-Object) -join ',' | Should -Be (($holders.UserPrincipalName | Sort-Object) -join ',')
            foreach ($entry in $entries) {
                $entry.Outcome | Should -Be 'Succeeded'
                $entry.Profile | Should -Be $fabrikam.Profile
                ($entry.Before | ConvertFrom-Json).licenses | Should -Contain 'EXCHANGESTANDARD'
                ($entry.After | ConvertFrom-Json).licenses | Should -Contain 'SPE_E5'
                ($entry.After | ConvertFrom-Json).licenses | Should -Not -Contain 'EXCHANGESTANDARD'
            }
        }

        It 'reports Unchanged when the same swap is run again' {
            $again = @($holders | Set-CspUserLicense -Add SPE_E5 -Remove EXCHANGESTANDARD)

            $again.Count | Should -Be $holders.Count
            ($again.Status | Sort-Object -Unique) -join ',' | Should -Be 'Unchanged'
            @(Get-CspActivity -CustomerId $fabrikam.CustomerId -Operation LicensesChanged).Count | Should -Be $holders.Count
        }
    }

    Context 'Free seats are checked before any change' {
        BeforeAll {
            $contosoUsers = @($contoso | Get-CspUser)
            $emsSubscription = $contoso | Get-CspSubscription |
                Where-Object { $_.SkuPartNumber -eq 'EMS' -and $_.ProvidedByThisPartner -and $_.Status -eq 'active' -and -not $_.IsTrial } |
                Sort-Object -Property Quantity -Descending | Select-Object -First 1
        }

        It 'refuses every user when the license has no free seat, naming it and the free seats' {
            (Get-Seats -Customer $contoso -Sku EMS).Available | Should -Be 0
            $two = @($contosoUsers | Where-Object { $_.Licenses -notcontains 'EMS' } | Select-Object -First 2)
            $seats = Get-SeatTable -Customer $contoso
            $map = Get-LicenseMap -Customer $contoso

            $result = @($two | Set-CspUserLicense -Add EMS -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -Be 0
            @($err).Count | Should -Be 2
            (Get-ErrorIds $err | Sort-Object -Unique) -join ',' | Should -Be 'LicenseSeatsExhausted'
            foreach ($record in $err) {
                $record.Exception.Message | Should -BeLike '*(EMS)*'
                $record.Exception.Message | Should -BeLike '*0 free seat*'
            }
            Get-SeatTable -Customer $contoso | Should -Be $seats
            Get-LicenseMap -Customer $contoso | Should -Be $map
        }

        It 'gives the free seats to the first users of the pipeline and refuses the others' {
            (Get-Seats -Customer $contoso -Sku O365_BUSINESS_ESSENTIALS).Available | Should -Be 1
            $two = @($contosoUsers | Where-Object { $_.Licenses -notcontains 'O365_BUSINESS_ESSENTIALS' } | Select-Object -First 2)
            $two.Count | Should -Be 2

            $result = @($two | Set-CspUserLicense -Add O365_BUSINESS_ESSENTIALS -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -Be 1
            $result[0].UserId | Should -Be $two[0].UserId
            $result[0].Status | Should -Be 'Changed'
            $result[0].Licenses | Should -Contain 'O365_BUSINESS_ESSENTIALS'
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LicenseSeatsExhausted*'
            $err[0].Exception.Message | Should -BeLike '*1 free seat*'
            @((Get-CspUser -CustomerId $contoso.CustomerId -UserId $two[1].UserId).Licenses) -contains 'O365_BUSINESS_ESSENTIALS' | Should -BeFalse
            (Get-Seats -Customer $contoso -Sku O365_BUSINESS_ESSENTIALS).Available | Should -Be 0
        }

        It 'buys the missing seats once with -AutoIncrease, then changes the users' {
            $emsBefore = Get-Seats -Customer $contoso -Sku EMS
            $two = @($contosoUsers | Where-Object { $_.Licenses -notcontains 'EMS' } | Select-Object -First 2)
            $emsBefore.Available | Should -Be 0
            $emsSubscription | Should -Not -BeNullOrEmpty

            $result = @($two | Set-CspUserLicense -Add EMS -AutoIncrease -WarningVariable bought -WarningAction SilentlyContinue)

            $result.Count | Should -Be 2
            ($result.Status | Sort-Object -Unique) -join ',' | Should -Be 'Changed'
            foreach ($changed in $result) {
                $changed.Added -join ',' | Should -Be 'EMS'
                $changed.Licenses | Should -Contain 'EMS'
            }
            (Get-CspSubscription -CustomerId $contoso.CustomerId -SubscriptionId $emsSubscription.SubscriptionId).Quantity | Should -Be ($emsSubscription.Quantity + 2)
            $emsAfter = Get-Seats -Customer $contoso -Sku EMS
            $emsAfter.Active | Should -Be ($emsBefore.Active + 2)
            $emsAfter.Assigned | Should -Be ($emsBefore.Assigned + 2)
            @($bought).Count | Should -Be 1
            $bought[0].Message | Should -BeLike '*2 seat*EMS*'
        }

        It 'journals the purchase as one SeatsBought change of the subscription' {
            $purchases = @(Get-CspActivity -CustomerId $contoso.CustomerId -Operation SeatsBought)

            $purchases.Count | Should -Be 1
            $purchases[0].Outcome | Should -Be 'Succeeded'
            ($purchases[0].After | ConvertFrom-Json).quantity | Should -Be ((($purchases[0].Before | ConvertFrom-Json).quantity) + 2)
            $purchases[0].Target | Should -Be $emsSubscription.SubscriptionId
            $purchases[0].Detail | Should -BeLike '2 seat*'
        }

        It 'reports LicenseAutoIncreaseUnavailable when this partner has no active subscription of the product' {
            $row = Get-Seats -Customer $trey -Sku PROJECTPROFESSIONAL
            $row.Active | Should -Be 0
            $row.Suspended | Should -BeGreaterThan 0
            $user = Get-CspUser -CustomerId $trey.CustomerId | Where-Object { $_.Licenses -notcontains 'PROJECTPROFESSIONAL' } | Select-Object -First 1
            $quantities = (($trey | Get-CspSubscription | Sort-Object -Property SubscriptionId).Quantity) -join ','
            $seats = Get-SeatTable -Customer $trey

            $result = $user | Set-CspUserLicense -Add PROJECTPROFESSIONAL -AutoIncrease -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LicenseAutoIncreaseUnavailable*'
            (($trey | Get-CspSubscription | Sort-Object -Property SubscriptionId).Quantity) -join ',' | Should -Be $quantities
            Get-SeatTable -Customer $trey | Should -Be $seats
            @(Get-CspActivity -CustomerId $trey.CustomerId).Count | Should -Be 0
        }
    }

    Context 'Nothing to change' {
        It 'reports Unchanged for users who already have the license, and sends and journals nothing' {
            $holders = @($contoso | Get-CspUser -Sku EMS)
            $seats = Get-SeatTable -Customer $contoso
            $journalled = @(Get-CspActivity).Count

            $result = @($holders | Set-CspUserLicense -Add EMS)

            $result.Count | Should -Be $holders.Count
            foreach ($unchanged in $result) {
                $unchanged.Status | Should -Be 'Unchanged'
                @($unchanged.Added).Count | Should -Be 0
                @($unchanged.Removed).Count | Should -Be 0
                $unchanged.Licenses | Should -Contain 'EMS'
            }
            Get-SeatTable -Customer $contoso | Should -Be $seats
            @(Get-CspActivity).Count | Should -Be $journalled
        }

        It 'reports Unchanged when removing a license the users do not hold' {
            $without = @($contoso | Get-CspUser | Where-Object { $_.Licenses -notcontains 'EXCHANGEARCHIVE_ADDON' } | Select-Object -First 3)

            $result = @($without | Set-CspUserLicense -Remove EXCHANGEARCHIVE_ADDON)

            $result.Count | Should -Be 3
            ($result.Status | Sort-Object -Unique) -join ',' | Should -Be 'Unchanged'
        }
    }

    Context 'Service plans' {
        BeforeAll {
            $license = $contoso | Get-CspUser -Sku O365_BUSINESS_ESSENTIALS | Get-CspUserLicense |
                Where-Object { $_.SkuPartNumber -eq 'O365_BUSINESS_ESSENTIALS' -and $_.DisabledPlans.Count -eq 0 } |
                Select-Object -First 1
        }

        It 'switches a plan off in a license the user holds, without taking another seat' {
            $seats = Get-SeatTable -Customer $contoso

            $result = $license | Set-CspUserLicense -Add O365_BUSINESS_ESSENTIALS -DisabledPlan SWAY

            $result.Status | Should -Be 'Changed'
            $now = Get-CspUserLicense -CustomerId $contoso.CustomerId -UserId $license.UserId | Where-Object SkuPartNumber -eq 'O365_BUSINESS_ESSENTIALS'
            $now.DisabledPlans -join ',' | Should -Be 'SWAY'
            Get-SeatTable -Customer $contoso | Should -Be $seats
        }

        It 'reports Unchanged when the plan is already off' {
            ($license | Set-CspUserLicense -Add O365_BUSINESS_ESSENTIALS -DisabledPlan SWAY).Status | Should -Be 'Unchanged'
        }

        It 'reports a plan none of the added licenses has as ServicePlanNotFound' {
            $result = $license | Set-CspUserLicense -Add O365_BUSINESS_ESSENTIALS -DisabledPlan NO_SUCH_PLAN -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ServicePlanNotFound*'
            (Get-CspUserLicense -CustomerId $contoso.CustomerId -UserId $license.UserId | Where-Object SkuPartNumber -eq 'O365_BUSINESS_ESSENTIALS').DisabledPlans -join ',' |
                Should -Be 'SWAY'
        }
    }

    Context 'GDAP' {
        It 'reports CustomerRoleMissing, naming License Administrator, when the partner may not change licenses' {
            $user = Get-CspUser -CustomerId $proseware.CustomerId | Where-Object { $_.Licenses.Count -gt 0 } | Select-Object -First 1
            $map = Get-LicenseMap -Customer $proseware

            $result = $user | Set-CspUserLicense -Remove $user.Licenses[0] -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -BeLike '*License Administrator*'
            Get-LicenseMap -Customer $proseware | Should -Be $map
        }

        It 'journals the refused change as Failed' {
            $entries = @(Get-CspActivity -CustomerId $proseware.CustomerId -Operation LicensesChanged)

            $entries.Count | Should -Be 1
            $entries[0].Outcome | Should -Be 'Failed'
            $entries[0].Detail | Should -BeLike '*License Administrator*'
        }
    }

    Context 'Errors' {
        BeforeAll {
            $emsHolders = @(Get-CspUser -CustomerId $contoso.CustomerId -Sku EMS | Select-Object -First 2)
        }

        It 'reports bad input per user and goes on with the others' {
            $items = @(
                $emsHolders[0]
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserId = 'not a user' }
                [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserPrincipalName = 'nobody@contoso.onmicrosoft.com' }
                [pscustomobject]@{ CustomerId = 'contoso.onmicrosoft.com'; UserId = $emsHolders[1].UserId }
                $emsHolders[1]
            )

            $result = @($items | Set-CspUserLicense -Add EMS -ErrorVariable err -ErrorAction SilentlyContinue)

            ($result.UserId | Sort-Object) -join ',' | Should -Be (($emsHolders.UserId | Sort-Object) -join ',')
            @($err).Count | Should -Be 3
            (Get-ErrorIds $err | Sort-Object) -join ',' | Should -Be 'CustomerIdInvalid,UserIdInvalid,UserNotFound'
        }

        It 'reports a license the customer does not have as SkuNotFound, listing those it has' {
            $result = $emsHolders[0] | Set-CspUserLicense -Add NO_SUCH_SKU -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SkuNotFound*'
            $err[0].Exception.Message | Should -BeLike '*EMS*'
        }

        It 'stops the command with -ErrorAction Stop' {
            { $emsHolders[0] | Set-CspUserLicense -Add NO_SUCH_SKU -ErrorAction Stop } | Should -Throw -ErrorId 'SkuNotFound*'
        }
    }

    Context 'Journal' {
        It 'writes the journal to the file named by CSPADMIN_JOURNAL_PATH' {
            Test-Path -LiteralPath $journalPath | Should -BeTrue
            Get-Content -LiteralPath $journalPath -Raw | Should -BeLike '*LicensesChanged*'
        }

        It 'writes each change when it starts and again with its outcome' {
            Assert-JournalRecordsEachChangeTwice
        }

        It 'holds no token' {
            Assert-JournalHoldsNoToken
        }
    }

    Context 'More users than one Graph batch' {
        BeforeAll {
            Connect-CspService -Emulator -Reset -UsersPerCustomer 45 | Out-Null
            $big = Get-CspCustomer -Name 'Contoso'
            $row = $big | Get-CspLicense | Sort-Object -Property Assigned -Descending | Select-Object -First 1
            $holders = @($big | Get-CspUser -Sku $row.SkuPartNumber)
        }

        AfterAll {
            Connect-CspService -Emulator -Reset | Out-Null
        }

        It 'changes every user of the pipeline, each reported on its own' {
            $holders.Count | Should -BeGreaterThan 20

            $results = @($holders | Set-CspUserLicense -Remove $row.SkuPartNumber)

            $results.Count | Should -Be $holders.Count
            @($results.UserId | Sort-Object -Unique).Count | Should -Be $holders.Count
            ($results.Status | Sort-Object -Unique) -join ',' | Should -Be 'Changed'
            (Get-Seats -Customer $big -Sku $row.SkuPartNumber).Assigned | Should -Be 0
            @(Get-CspUser -CustomerId $big.CustomerId -Sku $row.SkuPartNumber).Count | Should -Be 0
        }

        It 'gives the freed seats back to the same users' {
            $results = @($holders | Set-CspUserLicense -Add $row.SkuPartNumber)

            $results.Count | Should -Be $holders.Count
            ($results.Status | Sort-Object -Unique) -join ',' | Should -Be 'Changed'
            (Get-Seats -Customer $big -Sku $row.SkuPartNumber).Assigned | Should -Be $row.Assigned
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
            { Set-CspUserLicense -CustomerId $contoso.CustomerId -UserId 'adele.vance@contoso.onmicrosoft.com' -Add EMS } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
