# The lab that Examples.Tests.ps1 runs every help example in. Dot-source it in the file's top-level BeforeAll.
#
# Two labs:
# - The in-process emulator (Connect-CspService -Emulator -Reset): connections emulator-eu and emulator-us.
# - An emulator server process with the same seed, for the examples that use stored profiles, an emulator
#   server address or the Automation runbooks. The profiles the help names (cumulus-eu, cumulus-us, distri-eu,
#   lab-eu, ...) are stored pointing at it, their secrets are in the environment variables they name, and the
#   Azure Automation managed identity endpoint is the server's.
# What a test cannot have (Automation assets, SecretManagement, a person at the keyboard, a clipboard) is
# replaced by the functions at the end, which answer from the lab.

$LabState = @{
    Root     = Join-Path ([System.IO.Path]::GetTempPath()) ('cspadmin-examples-' + [guid]::NewGuid().ToString('N'))
    # The password of the lab's certificate file, and what Read-Host and unnamed secrets answer.
    Password = 'Lab-Pa55word!' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Server   = $null
    Values   = @{}
}

# Builds the emulator server once for the whole file.
function Initialize-ExampleLab {
    $project = Join-Path $PSScriptRoot '../../src/CspAdmin.Emulator.Server/CspAdmin.Emulator.Server.csproj'
    $output = Join-Path $LabState.Root 'server'
    $built = & dotnet build $project -o $output --nologo -v q 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "The emulator server did not build:`n$($built -join "`n")"
    }

    $LabState.ServerDll = Join-Path $output 'CspAdmin.Emulator.Server.dll'
    $LabState.CertificateFolder = Join-Path $LabState.Root 'certificates'
}

function Remove-ExampleLab {
    Remove-Item -LiteralPath $LabState.Root -Recurse -Force -ErrorAction SilentlyContinue
}

# Starts a fresh server (seed 1, 12 customers: the in-process emulator's world) on a free port and reads what it
# prints: its address, and each partner account's Partner Center access token.
function Start-LabServer {
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $LabState.ServerDll, '--port', '0', '--seed', '1', '--customers', '12', '--certificate-dir', $LabState.CertificateFolder) {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($start)

    $server = @{ Process = $process; AccessTokens = @{}; Partners = @{} }
    while (($line = $process.StandardOutput.ReadLine()) -ne 'Ready') {
        if ($null -eq $line) {
            throw 'The emulator server stopped before it was ready.'
        }
        if ($line -match '^BaseUrl (\S+)') {
            $server.BaseUrl = $Matches[1]
        }
        if ($line -match '^Partner name=(\S+) .* accessToken=(\S+)') {
            $server.AccessTokens[$Matches[1]] = $Matches[2]
        }
    }
    # Keeps reading what the server prints later, so that it never blocks on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)

    foreach ($partner in Invoke-RestMethod -Uri "$($server.BaseUrl)emulator/partners") {
        $server.Partners[$partner.name] = $partner
    }
    $server
}

function Stop-LabServer {
    param($Server)

    if ($Server) {
        $Server.Process.Kill($true)
        $Server.Process.WaitForExit()
        $Server.Process.Dispose()
    }
}

# The stored profiles the help names, each on a partner account of the server. Returns the name of each
# profile with its partner account.
function Write-LabProfiles {
    param($Server, [string] $CertificatePath)

    $eu = $Server.Partners['eu']
    $us = $Server.Partners['us']
    $other = $Server.Partners['other']
    $resellers = foreach ($reseller in $eu.resellers) {
        # The profile knows Bright Horizon Systems without its MPN id, as the help's examples tell.
        $mpnId = if ($reseller.name -eq 'Bright Horizon Systems') { $null } else { $reseller.mpnId }
        @{ Name = $reseller.name; TenantId = $reseller.tenantId; MpnId = $mpnId }
    }

    $profiles = @(
        @{ Name = 'cumulus-eu'; Partner = $eu; Region = 'EU'; Country = 'NL', 'DE', 'FR', 'BE', 'GB', 'IE'
            SignInMethod = 'AppAndUser'; ClientSecretVariable = 'CSPADMIN_APP_SECRET'; RefreshTokenVariable = 'CSPADMIN_EU_REFRESH' }
        @{ Name = 'cumulus-us'; Partner = $us; Region = 'US'; Country = 'US', 'CA'
            SignInMethod = 'Certificate'; CertificatePath = $CertificatePath }
        @{ Name = 'cumulus-eu-readonly'; Partner = $eu; Region = 'EU'; SignInMethod = 'AccessToken' }
        @{ Name = 'cumulus-helpdesk'; Partner = $eu; Region = 'EU'; SignInMethod = 'DeviceCode' }
        @{ Name = 'cumulus-apac'; Partner = $other; Region = 'APAC'; SignInMethod = 'ClientSecret'; ClientSecretVariable = 'CSPADMIN_APAC_SECRET' }
        @{ Name = 'cumulus-eu-old'; Partner = $eu; Region = 'EU'; SignInMethod = 'ClientSecret' }
        @{ Name = 'cumulus-us-old'; Partner = $us; Region = 'US'; SignInMethod = 'ClientSecret' }
        @{ Name = 'distri-eu'; Partner = $eu; Region = 'EU'; Country = 'NL', 'BE', 'DE', 'FR'; Reseller = $resellers
            SignInMethod = 'AppAndUser'; ClientSecretVariable = 'CSPADMIN_APP_SECRET'; RefreshTokenVariable = 'CSPADMIN_EU_REFRESH' }
        @{ Name = 'lab-eu'; Partner = $eu; Region = 'EU'; SignInMethod = 'ClientSecret'; ClientSecretVariable = 'CSPADMIN_APP_SECRET' }
        @{ Name = 'lab-us'; Partner = $us; Region = 'US'; SignInMethod = 'ClientSecret'; ClientSecretVariable = 'CSPADMIN_US_SECRET' }
    )

    $partners = @{}
    foreach ($settings in $profiles) {
        $partner = $settings.Partner
        $settings.Remove('Partner')
        New-CspProfile @settings -EmulatorUri $Server.BaseUrl -PartnerTenantId $partner.tenantId -ApplicationId $partner.clientId | Out-Null
        $partners[$settings.Name] = $partner
    }
    $partners
}

# The lab's certificate file: the server's certificate of the "us" account, with a password, at $Path.
function Write-LabCertificate {
    param($Server, [string] $Path)

    $flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable
    $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($Server.Partners['us'].certificatePath, [string] $null, $flags)
    try {
        New-Item -ItemType Directory -Path (Split-Path -Path $Path -Parent) -Force | Out-Null
        [System.IO.File]::WriteAllBytes($Path, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $LabState.Password))
    }
    finally {
        $certificate.Dispose()
    }
}

# The environment a runbook or a person would have: the secrets the stored profiles name, and the managed
# identity of an Azure Automation account (federated with the "us" account's application).
function Get-LabEnvironment {
    param($Server)

    $us = $Server.Partners['us']
    @{
        CSPADMIN_APP_SECRET  = $Server.Partners['eu'].clientSecret
        CSPADMIN_EU_REFRESH  = $Server.Partners['eu'].refreshToken
        CSPADMIN_US_SECRET   = $us.clientSecret
        CSPADMIN_APAC_SECRET = $Server.Partners['other'].clientSecret
        IDENTITY_ENDPOINT    = $Server.BaseUrl + $us.managedIdentityPath
        IDENTITY_HEADER      = $us.managedIdentityHeader
    }
}

function Get-LabSecureString {
    param([string] $Text)
    ConvertTo-SecureString -String $Text -AsPlainText -Force
}

# Azure Automation's asset cmdlets, answering from $LabState.Values (Set-AutomationVariable writes there).
function Get-AutomationVariable {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name)

    if (-not $LabState.Values.ContainsKey($Name)) {
        throw "Automation variable '$Name' was not found."
    }
    $LabState.Values[$Name]
}

function Set-AutomationVariable {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name, $Value)

    $LabState.Values[$Name] = $Value
}

function Get-AutomationPSCredential {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name)

    if ($Name -notmatch '^CspAdmin-(EU|US)-(App|RefreshToken)$') {
        throw "Automation credential '$Name' was not found."
    }
    $partner = $LabState.Server.Partners[$Matches[1].ToLowerInvariant()]
    $secret = if ($Matches[2] -eq 'App') { $partner.clientSecret } else { $partner.refreshToken }
    [pscredential]::new($partner.clientId, (Get-LabSecureString $secret))
}

# SecretManagement: '<profile>-secret' and '<profile>-refresh' of the cumulus profiles, 'pc-token-eu' (a Partner
# Center access token of the "eu" account); any other name is a password.
function Get-Secret {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name)

    $partner = $null
    if ($Name -match '^cumulus-(eu|us)-(secret|refresh)$') {
        $partner = $LabState.Server.Partners[$Matches[1]]
    }
    $value = if ($Name -eq 'pc-token-eu') { $LabState.Server.AccessTokens['eu'] }
    elseif ($partner -and $Matches[2] -eq 'secret') { $partner.clientSecret }
    elseif ($partner) { $partner.refreshToken }
    else { $LabState.Password }
    Get-LabSecureString $value
}

function Set-Secret {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name, [string] $Vault, [securestring] $SecureStringSecret, [object] $Secret)

    $LabState.Values["secret:$Vault/$Name"] = if ($SecureStringSecret) { $SecureStringSecret } else { $Secret }
}

# The person at the keyboard types the lab's password.
function Read-Host {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString)

    if ($AsSecureString) {
        return Get-LabSecureString $LabState.Password
    }
    $LabState.Password
}

function Set-Clipboard {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] [object[]] $Value)
}
