#Requires -Version 7.4

# The .nupkg that build.ps1 -Task Package makes, as PSResourceGet (shipped with PowerShell 7.4 and later) sees it:
# a local repository that holds it can save the module and publish it.
Describe 'CspAdmin.nupkg' {
    BeforeAll {
        $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $packages = Join-Path $root 'out/package'
        if (-not (Get-ChildItem -Path $packages -Filter 'CspAdmin.*.nupkg' -ErrorAction SilentlyContinue)) {
            & dotnet build (Join-Path $root 'build/CspAdmin.Layout.proj') -c Release -t:Package -nologo | Out-Null
            if ($LASTEXITCODE -ne 0) {
                throw 'dotnet build -t:Package failed.'
            }
        }

        $nupkg = @(Get-ChildItem -Path $packages -Filter 'CspAdmin.*.nupkg')[0]
        # A folder of its own: a local repository reads every CspAdmin.* file in it as a package.
        $source = Join-Path $TestDrive 'source'
        New-Item -ItemType Directory -Path $source | Out-Null
        Copy-Item -LiteralPath $nupkg.FullName -Destination $source

        $suffix = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $sourceName = "CspAdminSource$suffix"
        $targetName = "CspAdminTarget$suffix"
        $target = Join-Path $TestDrive 'target'
        New-Item -ItemType Directory -Path $target | Out-Null
        Register-PSResourceRepository -Name $sourceName -Uri $source -Trusted
        Register-PSResourceRepository -Name $targetName -Uri $target -Trusted

        $saved = Join-Path $TestDrive 'saved'
        New-Item -ItemType Directory -Path $saved | Out-Null
        Save-PSResource -Name 'CspAdmin' -Repository $sourceName -Path $saved -TrustRepository -Quiet
        $manifest = Get-ChildItem -Path $saved -Filter 'CspAdmin.psd1' -Recurse | Select-Object -First 1
    }

    AfterAll {
        Unregister-PSResourceRepository -Name $sourceName -ErrorAction SilentlyContinue
        Unregister-PSResourceRepository -Name $targetName -ErrorAction SilentlyContinue
    }

    It 'is found with its version and the cmdlets it exports' {
        $found = Find-PSResource -Name 'CspAdmin' -Repository $sourceName
        $found.Version | Should -Be ([version](Import-PowerShellDataFile (Join-Path $root 'module/CspAdmin.psd1')).ModuleVersion)
        $found.Includes.Cmdlet | Should -Contain 'Connect-CspService'
    }

    It 'saves as a module whose manifest is valid and whose files are laid out as built' {
        $manifest | Should -Not -BeNullOrEmpty
        $module = Test-ModuleManifest -Path $manifest.FullName
        $module.ExportedCmdlets.Keys | Should -Contain 'Get-CspCustomer'
        Test-Path (Join-Path $manifest.DirectoryName 'dependencies/CspAdmin.Engine.dll') | Should -BeTrue
        Test-Path (Join-Path $manifest.DirectoryName 'en-US/CspAdmin.dll-Help.xml') | Should -BeTrue
        Test-Path (Join-Path $manifest.DirectoryName 'CspAdmin.nuspec') | Should -BeFalse
    }

    It 'publishes to another repository' {
        Publish-PSResource -NupkgPath $nupkg.FullName -Repository $targetName
        Get-ChildItem -Path $target -Filter 'CspAdmin.*.nupkg' | Should -Not -BeNullOrEmpty
    }
}
