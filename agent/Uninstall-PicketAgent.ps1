<#
.SYNOPSIS
    Removes the Picket agent: its scheduled task, its program folder and (unless -KeepState) its state folder.
.DESCRIPTION
    Without -KeepState the device token goes too: installed again, the machine enrols as a new device. Bodies
    still waiting in the spool are lost; run the agent once first if the server is reachable.
#>
[CmdletBinding()]
param(
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'Picket'),
    [string]$StateDir = (Join-Path $env:ProgramData 'Picket'),
    [switch]$KeepState
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$TaskName = 'Picket Agent'

if (Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue) {
    Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
}
if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
if (-not $KeepState -and (Test-Path $StateDir)) { Remove-Item -Recurse -Force $StateDir }
Write-Host "Removed the Picket agent$(if ($KeepState) { " (state kept in $StateDir)" })."
