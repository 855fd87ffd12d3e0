#Requires -Version 7.4

# Every example in docs/help, run so that no example lies. Each runs on a fresh emulator (see ExampleLab.ps1):
# the in-process one, or, when it uses stored profiles, an emulator server or Azure Automation, a server process
# with the same data and the profiles the help names. As in the help, $id stands for a customer's tenant id (here
# Contoso's). Any error fails the example; a -Confirm prompt is answered Yes. What an example reads (a CSV file
# of the reader's own, a runbook beside it) is written first from the lab's data, and what a person would have
# done before (accepting an invitation) is done first too.
BeforeDiscovery {
    $examples = foreach ($file in Get-ChildItem -Path (Join-Path $PSScriptRoot '../../docs/help') -Filter '*-*.md') {
        $text = (Get-Content -Raw -LiteralPath $file.FullName) -replace "`r`n", "`n"
        foreach ($match in [regex]::Matches($text, '### (Example[^\n]*)\n```powershell\n(.*?)```', 'Singleline')) {
            $title = $match.Groups[1].Value.Trim()
            @{ Command = $file.BaseName; Title = $title; Code = $match.Groups[2].Value; Key = '{0}: {1}' -f $file.BaseName, ($title -split ':')[0] }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'ExampleLab.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
    Initialize-ExampleLab

    # The CSV files examples read, written into the example's folder when its code names them; built from the
    # in-process emulator, which holds the same data as the server. Text is written as it is (Import-CspUser -Path
    # reads the file itself); objects go through Export-Csv.
    $csvFiles = @{
        'new-staff.csv'     = {
            param([string] $Key)
            if ($Key -eq 'Import-CspUser: Example 3') {
                # 40 new hires, two of them with mistakes: row 7's domain, row 31's usage location.
                $rows = foreach ($number in 1..40) {
                    $domain = if ($number -eq 7) { 'northwind.example' } else { 'northwindtraders.nl' }
                    $location = if ($number -eq 31) { 'Netherlands' } else { 'NL' }
                    'newhire{0:00}@{1},New,Hire {0:00},{2},' -f $number, $domain, $location
                }
                return (@('UserPrincipalName,GivenName,Surname,UsageLocation,Licenses') + $rows) -join "`n"
            }
            @(
                'UserPrincipalName,DisplayName,GivenName,Surname,UsageLocation,Licenses'
                'adele.vance@northwindtraders.nl,Adele Vance,Adele,Vance,NL,SPE_E3;EMS'
                'alex.wilber@northwindtraders.nl,Alex Wilber,Alex,Wilber,,SPE_E3;EMS'
                'diego.siciliani@northwindtraders.nl,Diego Siciliani,Diego,Siciliani,DE,'
            ) -join "`n"
        }
        'munich-office.csv' = {
            foreach ($name in 'yara.eriksson', 'simon.vance', 'paul.dupont') {
                [pscustomobject]@{ UserPrincipalName = "$name@contoso.onmicrosoft.com" }
            }
        }
        'leavers.csv'       = {
            foreach ($name in 'grady.morales', 'mateo.archie') {
                [pscustomobject]@{ UserPrincipalName = "$name@contoso.onmicrosoft.com" }
            }
        }
        'users.csv'         = {
            # Northwind Traders has one free Microsoft 365 E3 seat: one user without it, two who hold it already.
            $northwind = (Get-CspCustomer -Name 'Northwind Traders').CustomerId
            foreach ($name in 'amelia.robinson', 'chloe.tanaka', 'liam.fischer') {
                [pscustomobject]@{ CustomerId = $northwind; UserPrincipalName = "$name@northwindtraders.onmicrosoft.com" }
            }
        }
        'new-customers.csv' = {
            [pscustomobject]@{ CompanyName = 'Harbor Lights Marketing B.V.'; DomainPrefix = 'harborlightsmarketing'; Email = 'it@harborlights.example'
                FirstName = 'Sanne'; LastName = 'Visser'; AddressLine1 = 'Prinsengracht 263'; City = 'Amsterdam'; PostalCode = '1016 GV'; Country = 'NL'
                Reseller = 'Adventure Works IT' }
            [pscustomobject]@{ CompanyName = 'Atelier Brussel'; DomainPrefix = 'atelierbrussel'; Email = 'office@atelierbrussel.example'
                FirstName = 'Lucas'; LastName = 'Peeters'; AddressLine1 = 'Rue Neuve 12'; City = 'Brussels'; PostalCode = '1000'; Country = 'BE'
                Reseller = '' }
        }
        'resellers.csv'     = {
            [pscustomobject]@{ ResellerName = 'Adventure Works IT' }
            [pscustomobject]@{ ResellerName = 'Bright Horizon Systems' }
        }
        'onboarding.csv'    = {
            [pscustomobject]@{ Company = 'Contoso'; Domain = 'contoso.onmicrosoft.com' }
            [pscustomobject]@{ Company = 'Lakeshore Retail'; Domain = 'lakeshoreretail.onmicrosoft.com' }
        }
        'pilot.csv'         = {
            Get-CspCustomer -Name 'Fabrikam' | Get-CspUser -Sku 'EXCHANGESTANDARD' | Select-Object -First 3 -Property CustomerId, UserPrincipalName
        }
    }

    # The runbooks examples start, copied with the CspAdminRunbook.ps1 they load into the folder the code names.
    $runbooks = @{ 'Invoke-ResumableTransfer.ps1' = '.'; 'Invoke-NightlyOptimization.ps1' = 'examples' }

    # What a person did before the example, run once its profiles are connected.
    $arrangements = @{
        'Reset-CspUserPassword: Example 4' = {
            # The scanner's service account exists.
            New-CspUser -CustomerId $id -UserPrincipalName 'scanner@contoso.onmicrosoft.com' -DisplayName 'Scanner' -NoPasswordChangeRequired | Out-Null
        }
        'Test-CspRelationship: Example 2' = {
            # Lakeshore Retail's admin accepts the invitation of cumulus-eu.
            $invitation = New-CspRelationshipRequest -Profile 'cumulus-eu'
            $body = @{ url = $invitation.Url; domain = 'lakeshoreretail.onmicrosoft.com' } | ConvertTo-Json
            Invoke-RestMethod -Method Post -Uri "$($LabState.Server.BaseUrl)emulator/invitations/accept" -ContentType 'application/json' -Body $body | Out-Null
        }
    }

    # The parameters a runbook is started with.
    $runbookArguments = @{
        'Move-CspUserLicense: Example 5' = { @{ CustomerId = (Get-CspCustomer -Name 'Fabrikam').CustomerId } }
        'Move-CspUserLicense: Example 6' = { @{ CustomerId = (Get-CspCustomer -Name 'Fabrikam').CustomerId } }
    }

    $labProfile = "'(cumulus|distri|lab)-"
}

AfterAll {
    Remove-ExampleLab
}

Describe '<Command> help, <Title>' -ForEach $examples {
    BeforeAll {
        $saved = @{ Location = Get-Location; Environment = @{} }
        $LabState.Values = @{}
        $folder = Join-Path $TestDrive 'work'
        $environment = @{
            CSPADMIN_JOURNAL_PATH = Join-Path $TestDrive 'journal.jsonl'
            CSPADMIN_CONFIG_HOME  = Join-Path $TestDrive 'config'
            TMPDIR                = Join-Path $TestDrive 'temp'
            TMP                   = Join-Path $TestDrive 'temp'
            TEMP                  = Join-Path $TestDrive 'temp'
        }
        foreach ($path in $folder, $environment.TMPDIR) {
            New-Item -ItemType Directory -Path $path -Force | Out-Null
        }

        $usesServer = $Code -match "$labProfile|127\.0\.0\.1|\|\s*Connect-CspService"
        if ($usesServer) {
            $LabState.Server = Start-LabServer
            $environment += Get-LabEnvironment -Server $LabState.Server
        }
        foreach ($name in $environment.Keys) {
            $saved.Environment[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $environment[$name])
        }

        Disconnect-CspService
        Connect-CspService -Emulator -Reset | Out-Null
        $id = (Get-CspCustomer -Name 'Contoso').CustomerId
        $arguments = if ($runbookArguments.ContainsKey($Key)) { & $runbookArguments[$Key] } else { @{} }
        foreach ($name in $csvFiles.Keys | Where-Object { $Code -match [regex]::Escape($_) }) {
            $content = & $csvFiles[$name] $Key
            if ($content -is [string]) {
                Set-Content -LiteralPath (Join-Path $folder $name) -Value $content -Encoding utf8
            }
            else {
                $content | Export-Csv -LiteralPath (Join-Path $folder $name) -NoTypeInformation -Encoding utf8
            }
        }
        foreach ($runbook in $runbooks.Keys | Where-Object { $Code -match [regex]::Escape($_) }) {
            $destination = New-Item -ItemType Directory -Path (Join-Path $folder $runbooks[$runbook]) -Force
            foreach ($script in $runbook, 'CspAdminRunbook.ps1') {
                Copy-Item -LiteralPath (Join-Path $PSScriptRoot "../../examples/$script") -Destination $destination
            }
        }

        if ($usesServer) {
            Disconnect-CspService
            $certificate = Join-Path $folder 'certs/cumulus-us.pfx'
            Write-LabCertificate -Server $LabState.Server -Path $certificate
            $partners = if ($Command -eq 'New-CspProfile') { @{} } else { Write-LabProfiles -Server $LabState.Server -CertificatePath $certificate }
            $LabState.Values = @{
                'CspAdmin-Profiles'         = Get-Content -Raw -LiteralPath (Join-Path $environment.CSPADMIN_CONFIG_HOME 'profiles.json') -ErrorAction SilentlyContinue
                'Fabrikam-E5-Checkpoint'    = ''
                'Fabrikam-E5-CheckpointUrl' = "$($LabState.Server.BaseUrl)emulator/blobs/fabrikam-e5.jsonl?sv=2025-05-05&sr=b&sp=rcw&sig=lab"
            }

            # The profiles the code works with but does not connect itself are connected, as the reader's would be.
            $connectedByCode = @([regex]::Matches($Code, "Connect-CspService[^\n]*") | ForEach-Object { [regex]::Matches($_.Value, "'([^']+)'") } | ForEach-Object { $_.Groups[1].Value })
            $named = [regex]::Matches($Code, "(?:-Profile\s+|\bProfile\s*=\s*)('[^']+'(\s*,\s*'[^']+')*)") | ForEach-Object { [regex]::Matches($_.Groups[1].Value, "'([^']+)'") } | ForEach-Object { $_.Groups[1].Value }
            foreach ($name in $named | Where-Object { $partners.ContainsKey($_) -and $connectedByCode -notcontains $_ } | Select-Object -Unique) {
                $partner = $partners[$name]
                Connect-CspService -Profile $name -ClientSecret (Get-LabSecureString $partner.clientSecret) -RefreshToken (Get-LabSecureString $partner.refreshToken) -ErrorAction Stop | Out-Null
            }
        }

        if ($arrangements.ContainsKey($Key)) {
            & $arrangements[$Key]
        }

        # Emulator servers run where the lab put one; a -Confirm prompt is answered Yes.
        $run = $Code -replace '-Confirm(?![:\w])', '-Confirm:$$false'
        if ($usesServer) {
            $run = $run -replace 'http://127\.0\.0\.1:(5099|5100)/', $LabState.Server.BaseUrl
        }
        Set-Location -LiteralPath $folder
    }

    AfterAll {
        Set-Location -LiteralPath $saved.Location
        foreach ($name in $saved.Environment.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved.Environment[$name])
        }
        Disconnect-CspService
        Stop-LabServer -Server $LabState.Server
        $LabState.Server = $null
        Connect-CspService -Emulator -Reset | Out-Null
    }

    It 'runs without an error' {
        # Errors stop the example, also those a cmdlet reports and goes on after.
        $ErrorActionPreference = 'Stop'
        $ConfirmPreference = 'None'
        $null = & ([scriptblock]::Create($run)) @arguments
    }
}
