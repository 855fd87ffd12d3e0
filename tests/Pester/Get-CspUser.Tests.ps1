#Requires -Version 7.4

Describe 'Get-CspUser' {
    BeforeAll {
        # Never the real journal: this file changes nothing, but the session's journal is set up the same way everywhere.
        $savedJournalPath = $env:CSPADMIN_JOURNAL_PATH
        $env:CSPADMIN_JOURNAL_PATH = Join-Path $TestDrive 'journal.jsonl'

        Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
        Connect-CspService -Emulator -Reset | Out-Null

        $guidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
        $customers = @(Get-CspCustomer)
        $contoso = $customers | Where-Object CompanyName -eq 'Contoso'
        $users = @($contoso | Get-CspUser)
        $licenses = @($contoso | Get-CspLicense)
        $deleted = @(Get-CspUser -CustomerId $contoso.CustomerId -Deleted)
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'Active users of a customer piped from Get-CspCustomer' {
        It 'returns the customer''s 20 users as User objects' {
            $users.Count | Should -Be 20
            foreach ($user in $users) {
                $user.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.User'
                $user.CustomerId | Should -Be $contoso.CustomerId
                $user.Profile | Should -Be $contoso.Profile
                $user.State | Should -Be 'Active'
                $user.UserId | Should -Match $guidPattern
                $user.UserPrincipalName | Should -BeLike '*@*'
                $user.DeletedDateTime | Should -BeNullOrEmpty
                $user.DaysLeft | Should -BeNullOrEmpty
            }
        }

        It 'returns each user once' {
            @($users.UserId | Sort-Object -Unique).Count | Should -Be $users.Count
        }

        It 'gives every user a usage location, so licenses can be assigned' {
            foreach ($user in $users) {
                $user.UsageLocation | Should -Not -BeNullOrEmpty
            }
        }

        It 'names each license by part number and by product name' {
            foreach ($user in $users) {
                @($user.Products).Count | Should -Be @($user.Licenses).Count
                foreach ($partNumber in $user.Licenses) {
                    $licenses.SkuPartNumber | Should -Contain $partNumber
                }
                foreach ($product in $user.Products) {
                    $licenses.Product | Should -Contain $product
                }
            }
        }

        It 'agrees with the Assigned seats of Get-CspLicense for every product' {
            foreach ($row in $licenses) {
                $holders = @($users | Where-Object { $_.Licenses -contains $row.SkuPartNumber })

                $holders.Count | Should -Be $row.Assigned -Because "$($row.SkuPartNumber) has $($row.Assigned) seats assigned"
            }
        }

        It 'shows the directory roles of the users who have one' {
            $admins = @($users | Where-Object { $_.Roles.Count -gt 0 })

            $admins.Count | Should -BeGreaterThan 0
            $admins.Roles | Should -Contain 'Global Administrator'
            foreach ($role in $admins.Roles) {
                $role | Should -Not -Match $guidPattern
            }
        }

        It 'reads every customer of both profiles in one pipeline' {
            $everyone = @($customers | Get-CspUser)

            $everyone.Count | Should -Be ($customers.Count * 20)
            foreach ($customer in $customers) {
                $own = @($everyone | Where-Object CustomerId -eq $customer.CustomerId)
                $own.Count | Should -Be 20
                ($own.Profile | Sort-Object -Unique) -join ',' | Should -Be $customer.Profile
            }
        }
    }

    Context '-Sku and -Filter' {
        It 'returns only the holders of a license named by part number' {
            $row = $licenses | Where-Object Assigned -gt 0 | Select-Object -First 1
            $holders = @(Get-CspUser -CustomerId $contoso.CustomerId -Sku $row.SkuPartNumber)

            $holders.Count | Should -Be $row.Assigned
            foreach ($user in $holders) {
                $user.Licenses | Should -Contain $row.SkuPartNumber
            }
        }

        It 'accepts the product name and the SKU id as well' {
            $row = $licenses | Where-Object Assigned -gt 0 | Select-Object -First 1
            $byPartNumber = (@(Get-CspUser -CustomerId $contoso.CustomerId -Sku $row.SkuPartNumber).UserId | Sort-Object) -join ','

            (@(Get-CspUser -CustomerId $contoso.CustomerId -Sku $row.Product).UserId | Sort-Object) -join ',' | Should -Be $byPartNumber
            (@(Get-CspUser -CustomerId $contoso.CustomerId -Sku $row.SkuId).UserId | Sort-Object) -join ',' | Should -Be $byPartNumber
        }

        It 'returns nobody for a license the customer has but nobody holds' {
            $unused = $licenses | Where-Object Assigned -eq 0 | Select-Object -First 1
            if (-not $unused) {
                Set-ItResult -Skipped -Because 'every license of the customer is assigned to someone'
                return
            }

            @(Get-CspUser -CustomerId $contoso.CustomerId -Sku $unused.SkuPartNumber).Count | Should -Be 0
        }

        It 'passes an OData filter to Graph' {
            $prefix = $users[0].DisplayName.Substring(0, 1)
            $expected = @($users | Where-Object DisplayName -like "$prefix*")
            $filtered = @(Get-CspUser -CustomerId $contoso.CustomerId -Filter "startswith(displayName,'$prefix')")

            $filtered.Count | Should -Be $expected.Count
            ($filtered.UserId | Sort-Object) -join ',' | Should -Be (($expected.UserId | Sort-Object) -join ',')
        }

        It 'applies -Filter and -Sku together' {
            $row = $licenses | Where-Object Assigned -gt 0 | Select-Object -First 1
            $expected = @($users | Where-Object { $_.AccountEnabled -and $_.Licenses -contains $row.SkuPartNumber })
            $both = @(Get-CspUser -CustomerId $contoso.CustomerId -Filter 'accountEnabled eq true' -Sku $row.SkuPartNumber)

            ($both.UserId | Sort-Object) -join ',' | Should -Be (($expected.UserId | Sort-Object) -join ',')
        }
    }

    Context 'One user' {
        It 'reads a user by user principal name, by position' {
            $user = Get-CspUser $contoso.CustomerId $users[3].UserPrincipalName

            $user.UserId | Should -Be $users[3].UserId
            ($user.Licenses -join ',') | Should -Be ($users[3].Licenses -join ',')
        }

        It 'reads a user by object id' {
            $user = Get-CspUser -CustomerId $contoso.CustomerId -UserId $users[4].UserId

            $user.UserPrincipalName | Should -Be $users[4].UserPrincipalName
        }

        It 'reads users again when they are piped back in' {
            $again = @($users[0..2] | Get-CspUser)

            ($again.UserId | Sort-Object) -join ',' | Should -Be (($users[0..2].UserId | Sort-Object) -join ',')
        }
    }

    Context '-Deleted' {
        It 'lists the soft-deleted users of the customer' {
            $deleted.Count | Should -BeGreaterThan 0
            foreach ($user in $deleted) {
                $user.PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.User'
                $user.State | Should -Be 'Deleted'
                $user.CustomerId | Should -Be $contoso.CustomerId
                $users.UserId | Should -Not -Contain $user.UserId
            }
        }

        It 'shows when each deleted user was deleted and how many days are left to restore it' {
            foreach ($user in $deleted) {
                $user.DeletedDateTime | Should -BeLessThan ([DateTimeOffset]::UtcNow)
                ($user.RestorableUntil - $user.DeletedDateTime).TotalDays | Should -Be 30
                $user.DaysLeft | Should -BeGreaterThan 0
                $user.DaysLeft | Should -BeLessOrEqual 30
                # Whole days, rounded up; read a moment ago, so it may still be one more than now.
                $daysNow = [Math]::Ceiling(($user.RestorableUntil - [DateTimeOffset]::UtcNow).TotalDays)
                $user.DaysLeft | Should -BeIn @($daysNow, ($daysNow + 1))
            }
        }

        It 'keeps the licenses a deleted user will get back, which take no seat' {
            $withLicenses = @($deleted | Where-Object { $_.Licenses.Count -gt 0 })

            $withLicenses.Count | Should -BeGreaterThan 0
            foreach ($user in $withLicenses) {
                foreach ($partNumber in $user.Licenses) {
                    $licenses.SkuPartNumber | Should -Contain $partNumber
                }
            }
        }

        It 'finds one deleted user by user principal name' {
            $one = @(Get-CspUser -CustomerId $contoso.CustomerId -Deleted -UserId $deleted[0].UserPrincipalName)

            $one.Count | Should -Be 1
            $one[0].UserId | Should -Be $deleted[0].UserId
        }

        It 'does not find a deleted user among the active ones' {
            $result = Get-CspUser -CustomerId $contoso.CustomerId -UserId $deleted[0].UserPrincipalName -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'lists deleted users of every customer piped in' {
            $all = @($customers | Get-CspUser -Deleted)

            @($all.CustomerId | Sort-Object -Unique).Count | Should -Be $customers.Count
            ($all.State | Sort-Object -Unique) -join ',' | Should -Be 'Deleted'
        }

        It 'cannot be combined with -Filter or -Sku' {
            { Get-CspUser -CustomerId $contoso.CustomerId -Deleted -Sku 'EMS' } | Should -Throw
        }
    }

    Context 'Errors' {
        It 'reports a user id that is neither a GUID nor a UPN as a non-terminating UserIdInvalid error' {
            $result = Get-CspUser -CustomerId $contoso.CustomerId -UserId 'not a user' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserIdInvalid*'
        }

        It 'reports an unknown user as a non-terminating UserNotFound error' {
            $result = Get-CspUser -CustomerId $contoso.CustomerId -UserId 'nobody@contoso.onmicrosoft.com' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'reports a license the customer does not have as SkuNotFound, listing those it has' {
            $result = Get-CspUser -CustomerId $contoso.CustomerId -Sku 'NO_SUCH_SKU' -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'SkuNotFound*'
            $err[0].Exception.Message | Should -BeLike "*$($licenses[0].SkuPartNumber)*"
        }

        It 'reports a customer id that is not a GUID as CustomerIdInvalid and goes on with the others' {
            $items = [pscustomobject]@{ CustomerId = 'contoso.onmicrosoft.com' }, $contoso
            $result = @($items | Get-CspUser -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -Be 20
            ($result.CustomerId | Sort-Object -Unique) -join ',' | Should -Be $contoso.CustomerId
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'reads the other users when one piped user is not found' {
            $items = [pscustomobject]@{ CustomerId = $contoso.CustomerId; UserPrincipalName = 'nobody@contoso.onmicrosoft.com' }, $users[0]
            $result = @($items | Get-CspUser -ErrorVariable err -ErrorAction SilentlyContinue)

            $result.Count | Should -Be 1
            $result[0].UserId | Should -Be $users[0].UserId
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UserNotFound*'
        }

        It 'stops the command with -ErrorAction Stop' {
            { Get-CspUser -CustomerId $contoso.CustomerId -UserId 'not a user' -ErrorAction Stop } | Should -Throw -ErrorId 'UserIdInvalid*'
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
            { Get-CspUser -CustomerId $contoso.CustomerId } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
