# Dot-sourced at the top of the profile tests' BeforeAll: imports the module and points CSPADMIN_CONFIG_HOME at a
# folder under TestDrive, so no test touches your own profiles.json. Restore it in AfterAll from $savedConfigHome.

Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force

$savedConfigHome = $env:CSPADMIN_CONFIG_HOME
$configHome = Join-Path $TestDrive 'config'
$env:CSPADMIN_CONFIG_HOME = $configHome
$profileFile = Join-Path $configHome 'profiles.json'
$tenantId = '11111111-1111-1111-1111-111111111111'
$appId = '22222222-2222-2222-2222-222222222222'

# Starts from an empty configuration folder.
function Clear-ProfileFolder {
    if (Test-Path -LiteralPath $configHome) {
        Remove-Item -LiteralPath $configHome -Recurse -Force
    }
}

# Writes profiles.json by hand, as a person editing it would.
function Set-ProfileFile {
    param([string] $Content)
    New-Item -ItemType Directory -Path $configHome -Force | Out-Null
    Set-Content -LiteralPath $profileFile -Value $Content -Encoding utf8
}

function Get-FileText {
    Get-Content -LiteralPath $profileFile -Raw
}
