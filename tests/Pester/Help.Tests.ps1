#Requires -Version 7.4

# Get-Help for every exported cmdlet, from the compiled help (out/CspAdmin/en-US/CspAdmin.dll-Help.xml).
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
    $commands = @(Get-Command -Module CspAdmin -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        $parameters = @((Get-Command -Name $Name).Parameters.Keys | Where-Object { $common -notcontains $_ })
        $documented = @($help.Parameters.Parameter.Name)
    }

    It 'has a synopsis that is not just the syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
    }

    It 'has at least two examples' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }

    It 'documents every parameter, -WhatIf and -Confirm included' {
        foreach ($parameter in $parameters) {
            $documented | Should -Contain $parameter
        }
    }
}
