@{
    RootModule             = 'CspAdmin.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '5b0d6f3e-7c1a-4c2e-9f47-2d8e1b6a9c30'
    Author                 = 'CspAdmin contributors'
    CompanyName            = 'CspAdmin'
    Copyright              = '(c) 2026 CspAdmin contributors. MIT License.'
    Description            = 'Manage Microsoft CSP customers, subscriptions, licenses and users through Partner Center and Microsoft Graph, with an offline emulator.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('CspAdmin.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-CspService'
        'Disconnect-CspService'
        'Get-CspActivity'
        'Get-CspContext'
        'Get-CspCustomer'
        'Get-CspLicense'
        'Get-CspOffer'
        'Get-CspProfile'
        'Get-CspSubscription'
        'Get-CspUser'
        'Get-CspUserLicense'
        'Import-CspUser'
        'Invoke-CspOptimization'
        'Move-CspUserLicense'
        'New-CspCustomer'
        'New-CspProfile'
        'New-CspRelationshipRequest'
        'New-CspSubscription'
        'New-CspUser'
        'Remove-CspProfile'
        'Remove-CspUser'
        'Reset-CspUserPassword'
        'Restore-CspUser'
        'Set-CspProfile'
        'Set-CspSubscription'
        'Set-CspUser'
        'Set-CspUserLicense'
        'Test-CspGdapAccess'
        'Test-CspRelationship'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    # What PowerShellGet and the PowerShell Gallery read. build/CspAdmin.Layout.proj -t:Package turns this into the
    # .nuspec of out/package/CspAdmin.<version>.nupkg, adding PSModule and a PSCmdlet_/PSCommand_ tag per cmdlet.
    PrivateData            = @{
        PSData = @{
            Tags         = @('CSP', 'PartnerCenter', 'MicrosoftGraph', 'Licensing', 'M365', 'NCE', 'GDAP', 'PSEdition_Core', 'PSEdition_Desktop')
            ProjectUri   = 'https://github.com/cspadmin/cspadmin'
            LicenseUri   = 'https://github.com/cspadmin/cspadmin/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0: the first version. Connections and profiles (six sign-in methods); customers, licenses and NCE
subscriptions; users; mass license transfers; nightly seat optimisation; onboarding and GDAP checks; an
offline emulator of Partner Center and Microsoft Graph.
Every change: https://github.com/cspadmin/cspadmin/blob/main/CHANGELOG.md
'@
            # Prerelease = 'preview1'    # makes the package version 0.1.0-preview1
        }
    }
}
