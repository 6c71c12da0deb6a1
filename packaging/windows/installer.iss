; Inno Setup script: turns dist\luzsong-grid (built by packaging\build.py on
; Windows) into LuzsongGrid-Setup-<version>.exe.
;   iscc /DAppVersion=0.1.0 packaging\windows\installer.iss
; The data folder (%LOCALAPPDATA%\luzsong-grid) is NOT removed on uninstall
; unless the user ticks the box the uninstaller offers.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1D3B1E-4C2A-5B7E-9A0D-2C8E4F6A1B3D}
AppName=芦淞区网格员工作台 (luzsong-grid)
AppVersion={#AppVersion}
AppPublisher=芦淞区网格化服务管理
DefaultDirName={autopf}\luzsong-grid
DefaultGroupName=芦淞区网格员工作台
OutputBaseFilename=LuzsongGrid-Setup-{#AppVersion}
OutputDir=..\..\dist
SetupIconFile=luzsong-grid.ico
UninstallDisplayIcon={app}\luzsong-grid.exe
Compression=lzma2
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\luzsong-grid\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\芦淞区网格员工作台"; Filename: "{app}\luzsong-grid.exe"
Name: "{group}\卸载 Uninstall"; Filename: "{uninstallexe}"
Name: "{autodesktop}\芦淞区网格员工作台"; Filename: "{app}\luzsong-grid.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\luzsong-grid.exe"; Description: "{cm:LaunchProgram,luzsong-grid}"; Flags: nowait postinstall skipifsilent

[Code]
var
  RemoveData: Boolean;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
    RemoveData := MsgBox('同时删除本机数据（户籍、走访等记录）吗？' + #13#10 +
      'Also delete the data on this computer (households, visits...)?' + #13#10 +
      ExpandConstant('{localappdata}\luzsong-grid'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  if (CurUninstallStep = usPostUninstall) and RemoveData then
    DelTree(ExpandConstant('{localappdata}\luzsong-grid'), True, True, True);
end;
