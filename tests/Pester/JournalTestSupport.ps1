# Dot-sourced at the top of the BeforeAll of every test file whose cmdlets change something: the journal goes to
# a file under TestDrive ($journalPath), never to the real one; the module is imported and the emulator reset.
# Restore CSPADMIN_JOURNAL_PATH in AfterAll from $savedJournalPath. It also holds the checks these files share:
# the journal's, the error ids of a run, and before/after snapshots of seats and licenses.

$savedJournalPath = $env:CSPADMIN_JOURNAL_PATH
$journalPath = Join-Path $TestDrive 'journal.jsonl'
$env:CSPADMIN_JOURNAL_PATH = $journalPath

Import-Module (Join-Path $PSScriptRoot '../../out/CspAdmin/CspAdmin.psd1') -Force
Connect-CspService -Emulator -Reset | Out-Null

# Every command reads the variable anew, so the file is this test file's own from here on. A journal that already
# holds entries is someone else's: refuse to change anything then.
if (@(Get-CspActivity).Count -gt 0) {
    throw "CspAdmin is not journalling to a new file at $journalPath; not making any change."
}

# Each change is journalled twice, by the same id: when it starts, and again with its outcome.
function Assert-JournalRecordsEachChangeTwice {
    $lines = @(Get-Content -LiteralPath $journalPath | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })

    foreach ($change in $lines | Group-Object -Property id) {
        $change.Count | Should -Be 2
        $change.Group[0].outcome | Should -Be 'Started'
        $change.Group[1].outcome | Should -BeIn @('Succeeded', 'Failed')
    }
}

function Assert-JournalHoldsNoToken {
    $text = Get-Content -LiteralPath $journalPath -Raw

    $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}\.'
    $text | Should -Not -Match 'Bearer'
}

function Get-ErrorIds {
    param($Records)
    @($Records | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
}

# 'PART=Active/Assigned;...' for a customer: equal strings mean no seat changed.
function Get-SeatTable {
    param([Parameter(Mandatory)] $Customer)
    (@($Customer | Get-CspLicense) | Sort-Object -Property SkuPartNumber |
        ForEach-Object { '{0}={1}/{2}' -f $_.SkuPartNumber, $_.Active, $_.Assigned }) -join ';'
}

# 'upn:PART,PART|...' for all users of a customer: equal strings mean no user's licenses changed.
function Get-LicenseMap {
    param([Parameter(Mandatory)] $Customer)
    (@($Customer | Get-CspUser) | Sort-Object -Property UserPrincipalName |
        ForEach-Object { '{0}:{1}' -f $_.UserPrincipalName, (($_.Licenses | Sort-Object) -join ',') }) -join '|'
}
