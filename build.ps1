#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, documents, packages or demonstrates CspAdmin.

.DESCRIPTION
    A thin wrapper: the work is done by dotnet and MSBuild (build/CspAdmin.Layout.proj), so every task but
    Demo and the Pester half of Test can also be run without PowerShell.

    Build    Lays the module out in out/CspAdmin (dotnet build build/CspAdmin.Layout.proj).
    Test     dotnet test; then, when Pester 5 or later is installed, builds the layout and runs tests/Pester.
    Docs     Compiles docs/help into out/CspAdmin/en-US only.
    Package  Build, then zips the module folder into out/package/CspAdmin.zip (the form Azure Automation
             imports) and packs it into out/package/CspAdmin.<version>.nupkg, with a .nuspec made from the
             manifest (tags for every cmdlet included), which Publish-PSResource -NupkgPath publishes and
             Install-PSResource installs from the repository it went to. Both are checked after packing.
    Demo     Build, then imports the module in a child PowerShell, connects the emulator and lists every
             customer's licenses.

.EXAMPLE
    ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Demo')]
    [string] $Task = 'Build',

    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$layoutProject = Join-Path $PSScriptRoot 'build/CspAdmin.Layout.proj'
$solution = Join-Path $PSScriptRoot 'CspAdmin.sln'
$manifest = Join-Path $PSScriptRoot 'out/CspAdmin/CspAdmin.psd1'

function Invoke-Native {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )

    Write-Host "> $FilePath $($ArgumentList -join ' ')"
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath exited with code $LASTEXITCODE."
    }
}

# A child process keeps CspAdmin.dll out of this session, so that the next build can overwrite it.
function Get-ChildPowerShell {
    $pwsh = Get-Command -Name 'pwsh' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -ne $pwsh) {
        return $pwsh.Path
    }

    return [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
}

function Invoke-Layout {
    param([string] $Target = 'Build')
    Invoke-Native -FilePath 'dotnet' -ArgumentList @('build', $layoutProject, '-c', $Configuration, "-t:$Target", '-nologo')
}

if ($null -eq (Get-Command -Name 'dotnet' -CommandType Application -ErrorAction SilentlyContinue)) {
    throw 'dotnet was not found on PATH: install the .NET SDK (global.json names the version).'
}

Push-Location -Path $PSScriptRoot
try {
    switch ($Task) {
        'Build' {
            Invoke-Layout
        }

        'Docs' {
            Invoke-Layout -Target 'Docs'
        }

        'Package' {
            Invoke-Layout -Target 'Package'
        }

        'Test' {
            Invoke-Native -FilePath 'dotnet' -ArgumentList @('test', $solution, '-c', $Configuration, '-nologo')

            $pesterTests = Join-Path $PSScriptRoot 'tests/Pester'
            $pester = Get-Module -Name 'Pester' -ListAvailable |
                Where-Object { $_.Version -ge [version]'5.0.0' } |
                Sort-Object -Property Version -Descending |
                Select-Object -First 1
            if ($null -eq $pester) {
                Write-Warning 'Pester 5 or later is not installed: skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
            }
            elseif (-not (Test-Path -Path $pesterTests)) {
                Write-Warning "No Pester tests in $pesterTests."
            }
            else {
                Invoke-Layout
                # What Invoke-Pester -CI does (exit with the number of failed tests, write NUnit results), with the
                # results file in out/ rather than the repository root.
                $results = Join-Path $PSScriptRoot 'out/testResults.xml'
                $command = 'Import-Module -Name Pester -MinimumVersion 5.0.0; ' +
                    '$configuration = New-PesterConfiguration; ' +
                    "`$configuration.Run.Path = '$($pesterTests.Replace("'", "''"))'; " +
                    '$configuration.Run.Exit = $true; ' +
                    '$configuration.TestResult.Enabled = $true; ' +
                    "`$configuration.TestResult.OutputPath = '$($results.Replace("'", "''"))'; " +
                    'Invoke-Pester -Configuration $configuration'
                Invoke-Native -FilePath (Get-ChildPowerShell) -ArgumentList @('-NoProfile', '-NonInteractive', '-Command', $command)
            }
        }

        'Demo' {
            Invoke-Layout
            $command = "Import-Module '$($manifest.Replace("'", "''"))'; " +
                'Connect-CspService -Emulator; ' +
                'Get-CspCustomer | Get-CspLicense | Format-Table -AutoSize'
            Invoke-Native -FilePath (Get-ChildPowerShell) -ArgumentList @('-NoProfile', '-NonInteractive', '-Command', $command)
        }
    }
}
finally {
    Pop-Location
}
