#Requires -Version 7.4

Describe 'Import-CspUser' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'JournalTestSupport.ps1')

        $start = Get-Date

        $northwind = Get-CspCustomer -Name 'Northwind Traders'
        $adatum = Get-CspCustomer -Name 'Adatum'   # its GDAP relationship lacks User Administrator
        $id = $northwind.CustomerId
        $domain = $northwind.DefaultDomain
        $existing = @(Get-CspUser -CustomerId $id)
        $country = $existing[0].UsageLocation
        $header = 'UserPrincipalName,DisplayName,GivenName,Surname,UsageLocation,Licenses'

        function New-CsvFile([string] $Name, [string[]] $Lines) {
            $path = Join-Path $TestDrive $Name
            Set-Content -Path $path -Value $Lines -Encoding utf8
            $path
        }

        function Get-Seats([string] $PartNumber) {
            Get-CspLicense -CustomerId $id | Where-Object SkuPartNumber -eq $PartNumber
        }

        function Get-UserCount {
            @(Get-CspUser -CustomerId $id).Count
        }

        function Find-User([string] $UserPrincipalName) {
            Get-CspUser -CustomerId $id -UserId $UserPrincipalName -ErrorAction SilentlyContinue
        }
    }

    AfterAll {
        Connect-CspService -Emulator -Reset | Out-Null
        $env:CSPADMIN_JOURNAL_PATH = $savedJournalPath
    }

    Context 'Checks before anything is created' {
        It 'has the products the sample file asks for' {
            Get-Seats 'SPE_E3' | Should -Not -BeNullOrEmpty
            Get-Seats 'EMS' | Should -Not -BeNullOrEmpty
        }

        It 'creates nobody when one row is bad, and names that row' {
            $count = Get-UserCount
            $path = New-CsvFile 'one-bad-row.csv' @(
                $header
                "lee.gu@$domain,Lee Gu,Lee,Gu,,"
                "lidia.holloway@unverified.example,Lidia Holloway,Lidia,Holloway,,"
                "nestor.wilke@$domain,Nestor Wilke,Nestor,Wilke,,"
            )

            $result = Import-CspUser -CustomerId $id -Path $path -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ImportRowsInvalid*'
            $err[0].Exception.Message | Should -Match '1 of 3 rows'
            $err[0].Exception.Message | Should -Match 'row 2: .*unverified\.example'
            $err[0].Exception.Message | Should -Not -Match 'row 1:'
            $err[0].Exception.Message | Should -Not -Match 'row 3:'
            Get-UserCount | Should -Be $count
            Find-User "lee.gu@$domain" | Should -BeNullOrEmpty
            Find-User "nestor.wilke@$domain" | Should -BeNullOrEmpty
        }

        It 'lists every bad row in one error' {
            $count = Get-UserCount
            $path = New-CsvFile 'many-bad-rows.csv' @(
                $header
                "lee.gu@$domain,Lee Gu,Lee,Gu,,"
                "lidia.holloway@unverified.example,Lidia Holloway,Lidia,Holloway,,"
                "megan.bowen@$domain,Megan Bowen,Megan,Bowen,Netherlands,"
                "nestor.wilke@$domain,Nestor Wilke,Nestor,Wilke,,NO_SUCH_SKU"
                "LEE.GU@$domain,Lee Gu,Lee,Gu,,"
                "$($existing[0].UserPrincipalName),Taken,,,,"
            )

            Import-CspUser -CustomerId $id -Path $path -ErrorVariable err -ErrorAction SilentlyContinue | Out-Null
            $message = $err[0].Exception.Message

            $err[0].FullyQualifiedErrorId | Should -BeLike 'ImportRowsInvalid*'
            $message | Should -Match '5 of 6 rows'
            $message | Should -Match 'row 2: .*unverified\.example'
            $message | Should -Match "row 3: 'Netherlands' is not a usage location"
            $message | Should -Match "row 4: .*'NO_SUCH_SKU'"
            $message | Should -Match 'row 5: .*already in row 1'
            $message | Should -Match ('row 6: .*' + [regex]::Escape($existing[0].UserPrincipalName))
            $message | Should -Not -Match 'row 1:'
            Get-UserCount | Should -Be $count
        }

        It 'stops with ImportColumnsMissing when the file has no UserPrincipalName column' {
            $path = New-CsvFile 'no-upn.csv' @('Name,Email', "Lee Gu,lee.gu@$domain")

            { Import-CspUser -CustomerId $id -Path $path } | Should -Throw -ErrorId 'ImportColumnsMissing*'
        }

        It 'stops with ImportFileNotFound for a file that does not exist' {
            { Import-CspUser -CustomerId $id -Path (Join-Path $TestDrive 'no-such-file.csv') } | Should -Throw -ErrorId 'ImportFileNotFound*'
        }

        It 'creates nobody when the seats do not suffice and -AutoIncrease is not given' {
            $count = Get-UserCount
            $e3 = Get-Seats 'SPE_E3'
            $needed = [Math]::Max(0, $e3.Available) + 1
            $lines = @($header) + @(1..$needed | ForEach-Object { "seat.test$_@$domain,Seat Test $_,,,,SPE_E3" })
            $path = New-CsvFile 'too-few-seats.csv' $lines

            $result = Import-CspUser -CustomerId $id -Path $path -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LicenseSeatsExhausted*'
            $err[0].Exception.Message | Should -Match 'SPE_E3'
            Get-UserCount | Should -Be $count
            (Get-Seats 'SPE_E3').Active | Should -Be $e3.Active
        }

        It 'creates nothing with -WhatIf' {
            $count = Get-UserCount
            $path = New-CsvFile 'what-if.csv' @($header, "what.if@$domain,What If,,,,SPE_E3")

            $result = Import-Csv -Path $path | Import-CspUser -CustomerId $id -WhatIf

            $result | Should -BeNullOrEmpty
            Find-User "what.if@$domain" | Should -BeNullOrEmpty
            Get-UserCount | Should -Be $count
        }

        It 'journals nothing for the refused imports' {
            Get-CspActivity -CustomerId $id -Since $start | Should -BeNullOrEmpty
        }
    }

    Context 'A good CSV file with -AutoIncrease' {
        BeforeAll {
            $e3Before = Get-Seats 'SPE_E3'
            $emsBefore = Get-Seats 'EMS'
            $e3Short = [Math]::Max(0, 2 - $e3Before.Available)
            $emsShort = [Math]::Max(0, 2 - $emsBefore.Available)
            $upns = "adele.vance@$domain", "alex.wilber@$domain", "diego.siciliani@$domain"
            $path = New-CsvFile 'new-staff.csv' @(
                $header
                "$($upns[0]),Adele Vance,Adele,Vance,NL,SPE_E3;EMS"
                "$($upns[1]),Alex Wilber,Alex,Wilber,,SPE_E3;EMS"
                "$($upns[2]),Diego Siciliani,Diego,Siciliani,DE,"
            )

            $results = @(Import-CspUser -CustomerId $id -Path $path -AutoIncrease -WarningVariable warnings -WarningAction SilentlyContinue)
            $plain = @($results | ForEach-Object { $_.Password | ConvertFrom-SecureString -AsPlainText })
        }

        It 'returns one ImportResult per row, in the order of the file' {
            $results.Count | Should -Be 3
            foreach ($i in 0..2) {
                $results[$i].PSObject.TypeNames[0] | Should -Be 'CspAdmin.Engine.Model.ImportResult'
                $results[$i].Row | Should -Be ($i + 1)
                $results[$i].UserPrincipalName | Should -Be $upns[$i]
                $results[$i].Status | Should -Be 'Created'
                $results[$i].CustomerId | Should -Be $id
                $results[$i].Profile | Should -Be $northwind.Profile
                $results[$i].UserId | Should -Not -BeNullOrEmpty
            }
        }

        It 'reports the licenses each row got' {
            ($results[0].Licenses | Sort-Object) -join ',' | Should -Be 'EMS,SPE_E3'
            ($results[1].Licenses | Sort-Object) -join ',' | Should -Be 'EMS,SPE_E3'
            $results[2].Licenses.Count | Should -Be 0
        }

        It 'creates every user, licensed, with its usage location or the customer''s country' {
            $adele = Find-User $upns[0]
            $alex = Find-User $upns[1]
            $diego = Find-User $upns[2]

            $adele.UserId | Should -Be $results[0].UserId
            $adele.DisplayName | Should -Be 'Adele Vance'
            ($adele.Licenses | Sort-Object) -join ',' | Should -Be 'EMS,SPE_E3'
            $adele.UsageLocation | Should -Be 'NL'
            ($alex.Licenses | Sort-Object) -join ',' | Should -Be 'EMS,SPE_E3'
            $alex.UsageLocation | Should -Be $country
            $diego.Licenses.Count | Should -Be 0
            $diego.UsageLocation | Should -Be 'DE'
        }

        It 'takes two seats of each product' {
            (Get-Seats 'SPE_E3').Assigned | Should -Be ($e3Before.Assigned + 2)
            (Get-Seats 'EMS').Assigned | Should -Be ($emsBefore.Assigned + 2)
        }

        It "buys each product's missing seats once" {
            $bought = @(Get-CspActivity -CustomerId $id -Operation 'SeatsBought' -Since $start)

            $bought.Count | Should -Be (@($e3Short, $emsShort) | Where-Object { $_ -gt 0 }).Count
            (Get-Seats 'SPE_E3').Active | Should -Be ($e3Before.Active + $e3Short)
            (Get-Seats 'EMS').Active | Should -Be ($emsBefore.Active + $emsShort)
            @($warnings | Where-Object { "$_" -match '^Bought' }).Count | Should -Be $bought.Count
        }

        It 'returns each first password once, as a SecureString, different for every user' {
            foreach ($result in $results) {
                $result.Password | Should -BeOfType [securestring]
            }

            $plain.Count | Should -Be 3
            @($plain | Sort-Object -Unique -CaseSensitive).Count | Should -Be 3
            foreach ($password in $plain) {
                $password.Length | Should -Be 16
            }
        }

        It 'journals every user created, and never a password' {
            $records = @(Get-CspActivity -CustomerId $id -Since $start)
            $created = @($records | Where-Object { $_.Operation -eq 'UserCreated' -and $_.Outcome -eq 'Succeeded' })
            $text = ($records | ForEach-Object { "$($_.Before) $($_.After) $($_.Detail)" }) -join "`n"

            ($created.Target | Sort-Object) -join ',' | Should -Be (($upns | Sort-Object) -join ',')
            foreach ($password in $plain) {
                $text.Contains($password) | Should -BeFalse
            }
        }

        It 'refuses the same file again, because the users exist now' {
            $result = Import-CspUser -CustomerId $id -Path $path -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ImportRowsInvalid*'
            $err[0].Exception.Message | Should -Match '3 of 3 rows'
        }
    }

    Context 'Objects from the pipeline' {
        It 'imports rows from Import-Csv and [pscustomobject], numbered in input order' {
            $free = Get-CspLicense -CustomerId $id | Where-Object Available -gt 0 | Select-Object -First 1
            $path = New-CsvFile 'piped.csv' @(
                $header
                "isaiah.langer@$domain,Isaiah Langer,Isaiah,Langer,,"
                "johanna.lorenz@$domain,Johanna Lorenz,Johanna,Lorenz,,"
            )
            $rows = @(Import-Csv -Path $path) + [pscustomobject]@{
                UserPrincipalName = "pradeep.gupta@$domain"
                DisplayName       = 'Pradeep Gupta'
                Licenses          = @($free.SkuPartNumber)
            }

            $results = @($rows | Import-CspUser -CustomerId $id)

            $free | Should -Not -BeNullOrEmpty
            $results.Count | Should -Be 3
            ($results.Row -join ',') | Should -Be '1,2,3'
            ($results.UserPrincipalName -join ',') | Should -Be ($rows.UserPrincipalName -join ',')
            ($results.Status | Sort-Object -Unique) -join ',' | Should -Be 'Created'
            $results[2].Licenses | Should -Be @($free.SkuPartNumber)
            (Find-User "pradeep.gupta@$domain").Licenses | Should -Be @($free.SkuPartNumber)
        }
    }

    Context 'Errors' {
        It 'reports each row of a customer whose GDAP relationship lacks User Administrator as CustomerRoleMissing' {
            $path = New-CsvFile 'adatum.csv' @($header, "new.hire@$($adatum.DefaultDomain),New Hire,,,,")

            $result = Import-CspUser -CustomerId $adatum.CustomerId -Path $path -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerRoleMissing*'
            $err[0].Exception.Message | Should -Match 'User Administrator'
            Get-CspUser -CustomerId $adatum.CustomerId -UserId "new.hire@$($adatum.DefaultDomain)" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'reports a value that is not a tenant id as CustomerIdInvalid' {
            $path = New-CsvFile 'bad-customer.csv' @($header, "x@$domain,X,,,,")

            $result = Import-CspUser -CustomerId 'northwindtraders.onmicrosoft.com' -Path $path -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CustomerIdInvalid*'
        }

        It 'stops the command on a bad row with -ErrorAction Stop' {
            $path = New-CsvFile 'stop.csv' @($header, 'x@unverified.example,X,,,,')

            { Import-CspUser -CustomerId $id -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'ImportRowsInvalid*'
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
            $path = New-CsvFile 'not-connected.csv' @($header, "x@$domain,X,,,,")

            { Import-CspUser -CustomerId $id -Path $path } | Should -Throw -ErrorId 'NotConnected*'
        }
    }
}
