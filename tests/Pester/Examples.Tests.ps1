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

    # The files examples read, written into the example's folder when its code names them; built from the
    # in-process emulator, which holds the same data as the server.
    $inputFiles = @{
        'new-customers.csv'           = {
            @(
                [pscustomobject]@{ CompanyName = 'Harbor Lights Marketing B.V.'; DomainPrefix = 'harborlightsmarketing'; Email = 'it@harborlights.example'
                    FirstName = 'Sanne'; LastName = 'Visser'; AddressLine1 = 'Prinsengracht 263'; City = 'Amsterdam'; PostalCode = '1016 GV'; Country = 'NL'
                    Reseller = 'Adventure Works IT' }
                [pscustomobject]@{ CompanyName = 'Atelier Brussel'; DomainPrefix = 'atelierbrussel'; Email = 'office@atelierbrussel.example'
                    FirstName = 'Lucas'; LastName = 'Peeters'; AddressLine1 = 'Rue Neuve 12'; City = 'Brussels'; PostalCode = '1000'; Country = 'BE'
                    Reseller = '' }
            )
        }
        'resellers.csv'               = { [pscustomobject]@{ ResellerName = 'Adventure Works IT' }, [pscustomobject]@{ ResellerName = 'Bright Horizon Systems' } }
        'onboarding.csv'              = {
            [pscustomobject]@{ Company = 'Contoso'; Domain = 'contoso.onmicrosoft.com' }
            [pscustomobject]@{ Company = 'Lakeshore Retail'; Domain = 'lakeshoreretail.onmicrosoft.com' }
        }
        'Invoke-ResumableTransfer.ps1' = { Join-Path $PSScriptRoot '../../examples/Invoke-ResumableTransfer.ps1' }
        'CspAdminRunbook.ps1'          = { Join-Path $PSScriptRoot '../../examples/CspAdminRunbook.ps1' }
    }

    # What a person did before the example, run once its profiles are connected.
    $arrangements = @{
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
        foreach ($name in $inputFiles.Keys | Where-Object { $Code -match [regex]::Escape($_) }) {
            $content = & $inputFiles[$name]
            $path = Join-Path $folder $name
            if ($name -like '*.csv') {
                $content | Export-Csv -LiteralPath $path -NoTypeInformation -Encoding utf8
            }
            else {
                Copy-Item -LiteralPath $content -Destination $path
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
