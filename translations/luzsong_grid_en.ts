<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <source>Disputes</source>
        <translation>Disputes</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lusong Grid Worker's Desk</source>
        <translation>Lusong Grid Worker's Desk</translation>
    </message>
    <message>
        <source>grid worker</source>
        <translation>grid worker</translation>
    </message>
    <message>
        <source>community staff</source>
        <translation>community staff</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message numerus="yes">
        <source>Not yet synced: %n change(s)</source>
        <translation>
            <numerusform>Not yet synced: %n change(s)</numerusform><numerusform>Not yet synced: %n change(s)</numerusform></translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. Nothing you saved is lost. The details are in %1.</source>
        <translation>Something went wrong that should not have. Nothing you saved is lost. The details are in %1.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Screen locked. Enter your password to go on.</source>
        <translation>Screen locked. Enter your password to go on.</translation>
    </message>
    <message>
        <source>Lusong District grid work</source>
        <translation>Lusong District grid work</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Cannot do that</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. Nothing you saved is lost. The details are in %1.</source>
        <translation>Something went wrong that should not have. Nothing you saved is lost. The details are in %1.</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>This account is disabled. Ask the community office.</source>
        <translation>This account is disabled. Ask the community office.</translation>
    </message>
    <message>
        <source>This account has no password on this computer yet. Ask the community office.</source>
        <translation>This account has no password on this computer yet. Ask the community office.</translation>
    </message>
    <message>
        <source>Catalogue file {file} is missing.</source>
        <translation>Catalogue file {file} is missing.</translation>
    </message>
    <message>
        <source>Catalogue file {file} cannot be read: {error}</source>
        <translation>Catalogue file {file} cannot be read: {error}</translation>
    </message>
    <message>
        <source>Catalogue file {file} is not valid TOML: {error}</source>
        <translation>Catalogue file {file} is not valid TOML: {error}</translation>
    </message>
    <message>
        <source>Catalogue file {file}: unknown section or key "{key}".</source>
        <translation>Catalogue file {file}: unknown section or key "{key}".</translation>
    </message>
    <message>
        <source>Catalogue file {file}: "{table}" must be a list of [[{table}]] entries.</source>
        <translation>Catalogue file {file}: "{table}" must be a list of [[{table}]] entries.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: there are no [[{table}]] entries.</source>
        <translation>Catalogue file {file}: there are no [[{table}]] entries.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: unknown field "{field}".</source>
        <translation>Catalogue file {file}: {where}: unknown field "{field}".</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be non-empty text.</source>
        <translation>Catalogue file {file}: {where}: field "{field}" must be non-empty text.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be a whole number from {min} to {max}.</source>
        <translation>Catalogue file {file}: {where}: field "{field}" must be a whole number from {min} to {max}.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be true or false.</source>
        <translation>Catalogue file {file}: {where}: field "{field}" must be true or false.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be one of {choices}.</source>
        <translation>Catalogue file {file}: {where}: field "{field}" must be one of {choices}.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: code "{code}" must be lower-case ASCII letters, digits and single underscores, start with a letter and be at most {max} characters long.</source>
        <translation>Catalogue file {file}: {where}: code "{code}" must be lower-case ASCII letters, digits and single underscores, start with a letter and be at most {max} characters long.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: code "{code}" is used more than once in [[{table}]].</source>
        <translation>Catalogue file {file}: code "{code}" is used more than once in [[{table}]].</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" refers to unknown code "{ref}".</source>
        <translation>Catalogue file {file}: {where}: field "{field}" refers to unknown code "{ref}".</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: visit rule for unknown tag "{tag}".</source>
        <translation>Catalogue file {file}: {where}: visit rule for unknown tag "{tag}".</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: tag "{tag}" has no "risk_level" attribute, so min_risk and max_risk cannot be used.</source>
        <translation>Catalogue file {file}: {where}: tag "{tag}" has no "risk_level" attribute, so min_risk and max_risk cannot be used.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: another visit rule for tag "{tag}" has the same conditions.</source>
        <translation>Catalogue file {file}: {where}: another visit rule for tag "{tag}" has the same conditions.</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: "{low}" is greater than "{high}".</source>
        <translation>Catalogue file {file}: {where}: "{low}" is greater than "{high}".</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: min and max are only allowed for attributes of type "int".</source>
        <translation>Catalogue file {file}: {where}: min and max are only allowed for attributes of type "int".</translation>
    </message>
    <message>
        <source>Catalogue file {file}: keyboard key "{key}" is given to more than one service type.</source>
        <translation>Catalogue file {file}: keyboard key "{key}" is given to more than one service type.</translation>
    </message>
    <message>
        <source>“{text}” is not a date (use 2026-11-27).</source>
        <translation>“{text}” is not a date (use 2026-11-27).</translation>
    </message>
    <message>
        <source>There is no database in {path} yet. Run “luzsong-grid demo” or start the app first.</source>
        <translation>There is no database in {path} yet. Run “luzsong-grid demo” or start the app first.</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. The details are in {log}.</source>
        <translation>Something went wrong that should not have. The details are in {log}.</translation>
    </message>
    <message>
        <source>Demo district ready in {path}: {streets} streets/town, {communities} communities, {grids} grids, {households} households, {persons} persons.</source>
        <translation>Demo district ready in {path}: {streets} streets/town, {communities} communities, {grids} grids, {households} households, {persons} persons.</translation>
    </message>
    <message>
        <source>Nothing found for “{text}”.</source>
        <translation>Nothing found for “{text}”.</translation>
    </message>
    <message>
        <source>This database already holds data (households, territory or accounts). Demo data can only be generated into a new, empty database: {path}</source>
        <translation>This database already holds data (households, territory or accounts). Demo data can only be generated into a new, empty database: {path}</translation>
    </message>
    <message>
        <source>Creating the territory and accounts…</source>
        <translation>Creating the territory and accounts…</translation>
    </message>
    <message>
        <source>Creating households and residents: {done} of {total}…</source>
        <translation>Creating households and residents: {done} of {total}…</translation>
    </message>
    <message>
        <source>Creating a year of visits…</source>
        <translation>Creating a year of visits…</translation>
    </message>
    <message>
        <source>Creating services, disputes and events…</source>
        <translation>Creating services, disputes and events…</translation>
    </message>
    <message>
        <source>Building the search index…</source>
        <translation>Building the search index…</translation>
    </message>
    <message>
        <source>Demo data ready: {households} households, {persons} residents.</source>
        <translation>Demo data ready: {households} households, {persons} residents.</translation>
    </message>
    <message>
        <source>This ID number was stored by Excel as a number and has lost its last digits. Format the cell as Text and type the number again.</source>
        <translation>This ID number was stored by Excel as a number and has lost its last digits. Format the cell as Text and type the number again.</translation>
    </message>
    <message>
        <source>Enter the resident ID number.</source>
        <translation>Enter the resident ID number.</translation>
    </message>
    <message>
        <source>An ID number may contain only digits, with an X allowed as the last character; this one contains “{chars}”.</source>
        <translation>An ID number may contain only digits, with an X allowed as the last character; this one contains “{chars}”.</translation>
    </message>
    <message>
        <source>An ID number has 18 characters; this one has {count}.</source>
        <translation>An ID number has 18 characters; this one has {count}.</translation>
    </message>
    <message>
        <source>The birth date in the ID number ({digits}) is not a real date.</source>
        <translation>The birth date in the ID number ({digits}) is not a real date.</translation>
    </message>
    <message>
        <source>The birth date in the ID number ({date}) is before 1880.</source>
        <translation>The birth date in the ID number ({date}) is before 1880.</translation>
    </message>
    <message>
        <source>The birth date in the ID number ({date}) is in the future.</source>
        <translation>The birth date in the ID number ({date}) is in the future.</translation>
    </message>
    <message>
        <source>The ID number does not add up: with these first 17 digits the last character should be {expected}, not {actual}. Check every digit for typos.</source>
        <translation>The ID number does not add up: with these first 17 digits the last character should be {expected}, not {actual}. Check every digit for typos.</translation>
    </message>
    <message>
        <source>Enter a phone number.</source>
        <translation>Enter a phone number.</translation>
    </message>
    <message>
        <source>A phone number may contain only digits (spaces, dashes and a leading +86 are ignored); this one contains “{chars}”.</source>
        <translation>A phone number may contain only digits (spaces, dashes and a leading +86 are ignored); this one contains “{chars}”.</translation>
    </message>
    <message>
        <source>A mobile number has 11 digits; this one has {count}.</source>
        <translation>A mobile number has 11 digits; this one has {count}.</translation>
    </message>
    <message>
        <source>A mobile number starts with 13 to 19, not {prefix}.</source>
        <translation>A mobile number starts with 13 to 19, not {prefix}.</translation>
    </message>
    <message>
        <source>A Zhuzhou landline has 8 digits after 0731; this one has {count}.</source>
        <translation>A Zhuzhou landline has 8 digits after 0731; this one has {count}.</translation>
    </message>
    <message>
        <source>Only Zhuzhou landlines (area code 0731) can be recorded; this number has another area code.</source>
        <translation>Only Zhuzhou landlines (area code 0731) can be recorded; this number has another area code.</translation>
    </message>
    <message>
        <source>This is neither an 11-digit mobile number nor a Zhuzhou landline (0731 + 8 digits).</source>
        <translation>This is neither an 11-digit mobile number nor a Zhuzhou landline (0731 + 8 digits).</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Mediating</source>
        <translation>Mediating</translation>
    </message>
    <message>
        <source>Mediated successfully</source>
        <translation>Mediated successfully</translation>
    </message>
    <message>
        <source>Mediation failed</source>
        <translation>Mediation failed</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>Signed for</source>
        <translation>Signed for</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>Feedback given</source>
        <translation>Feedback given</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>Resolved on the spot</source>
        <translation>Resolved on the spot</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Extend deadline</source>
        <translation>Extend deadline</translation>
    </message>
    <message>
        <source>Supervise</source>
        <translation>Supervise</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>dispute</source>
        <translation>dispute</translation>
    </message>
    <message>
        <source>event</source>
        <translation>event</translation>
    </message>
    <message>
        <source>This {kind} is already “{current}” and can no longer be changed.</source>
        <translation>This {kind} is already “{current}” and can no longer be changed.</translation>
    </message>
    <message>
        <source>Cannot move this {kind} from “{current}” to “{new}”.</source>
        <translation>Cannot move this {kind} from “{current}” to “{new}”.</translation>
    </message>
    <message>
        <source>“{action}” is only possible while an event is dispatched, signed for or handled; this event is “{status}”.</source>
        <translation>“{action}” is only possible while an event is dispatched, signed for or handled; this event is “{status}”.</translation>
    </message>
    <message>
        <source>“{text}” is not a period. Use a month (2026-10), a quarter (2026-Q3) or a year (2026).</source>
        <translation>“{text}” is not a period. Use a month (2026-10), a quarter (2026-Q3) or a year (2026).</translation>
    </message>
    <message>
        <source>“{text}” is not a scope. Use district, street:NAME, community:NAME or grid:CODE.</source>
        <translation>“{text}” is not a scope. Use district, street:NAME, community:NAME or grid:CODE.</translation>
    </message>
    <message>
        <source>No {kind} is called “{name}”.</source>
        <translation>No {kind} is called “{name}”.</translation>
    </message>
    <message>
        <source>“{name}” matches several places: {matches}. Give the code instead.</source>
        <translation>“{name}” matches several places: {matches}. Give the code instead.</translation>
    </message>
    <message>
        <source>The database is locked by another program. Close other copies of the app and try again.</source>
        <translation>The database is locked by another program. Close other copies of the app and try again.</translation>
    </message>
    <message>
        <source>The data folder is read-only, so nothing can be saved: {path}</source>
        <translation>The data folder is read-only, so nothing can be saved: {path}</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>The disk is full. Nothing was saved; free some space and try again.</translation>
    </message>
    <message>
        <source>The database file is damaged or is not a luzsong-grid database: {path}</source>
        <translation>The database file is damaged or is not a luzsong-grid database: {path}</translation>
    </message>
    <message>
        <source>The database cannot be opened: {path}</source>
        <translation>The database cannot be opened: {path}</translation>
    </message>
    <message>
        <source>This database was written by a newer version of luzsong-grid (schema {found}). Install the newer version; the database was not changed.</source>
        <translation>This database was written by a newer version of luzsong-grid (schema {found}). Install the newer version; the database was not changed.</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>This field is required.</translation>
    </message>
    <message>
        <source>At most {limit} characters.</source>
        <translation>At most {limit} characters.</translation>
    </message>
    <message>
        <source>There is no grid with the code {code}.</source>
        <translation>There is no grid with the code {code}.</translation>
    </message>
    <message>
        <source>Grid {code} is not one of your grids; you cannot change its records.</source>
        <translation>Grid {code} is not one of your grids; you cannot change its records.</translation>
    </message>
    <message>
        <source>The record was not found (it may have been deleted).</source>
        <translation>The record was not found (it may have been deleted).</translation>
    </message>
    <message>
        <source>This ID number is already registered for {name}. Open the existing person instead?</source>
        <translation>This ID number is already registered for {name}. Open the existing person instead?</translation>
    </message>
    <message>
        <source>“{code}” is not in the catalogue.</source>
        <translation>“{code}” is not in the catalogue.</translation>
    </message>
    <message>
        <source>The tag “{tag}” cannot be given to a {target}.</source>
        <translation>The tag “{tag}” cannot be given to a {target}.</translation>
    </message>
    <message>
        <source>The tag “{tag}” is already assigned.</source>
        <translation>The tag “{tag}” is already assigned.</translation>
    </message>
    <message>
        <source>The risk level must be a whole number from 0 to 5.</source>
        <translation>The risk level must be a whole number from 0 to 5.</translation>
    </message>
    <message>
        <source>This person does not belong to the household.</source>
        <translation>This person does not belong to the household.</translation>
    </message>
    <message>
        <source>The date cannot be in the future.</source>
        <translation>The date cannot be in the future.</translation>
    </message>
    <message>
        <source>The date cannot be before {other}.</source>
        <translation>The date cannot be before {other}.</translation>
    </message>
    <message>
        <source>The count must be between 1 and 999.</source>
        <translation>The count must be between 1 and 999.</translation>
    </message>
    <message>
        <source>The birth date differs from the one in the ID number ({derived}).</source>
        <translation>The birth date differs from the one in the ID number ({derived}).</translation>
    </message>
    <message>
        <source>The gender differs from the one in the ID number.</source>
        <translation>The gender differs from the one in the ID number.</translation>
    </message>
    <message>
        <source>A dispute needs at least one party.</source>
        <translation>A dispute needs at least one party.</translation>
    </message>
    <message>
        <source>An agreement needs its number; a performance deadline, if given, must follow it.</source>
        <translation>An agreement needs its number; a performance deadline, if given, must follow it.</translation>
    </message>
    <message>
        <source>The household still has {count} members; move or delete them first.</source>
        <translation>The household still has {count} members; move or delete them first.</translation>
    </message>
    <message>
        <source>“{code}” is not a valid {what} code: it must be {digits} digits starting with {parent}.</source>
        <translation>“{code}” is not a valid {what} code: it must be {digits} digits starting with {parent}.</translation>
    </message>
    <message>
        <source>The code {code} is already in use.</source>
        <translation>The code {code} is already in use.</translation>
    </message>
    <message>
        <source>“{role}” is not a role (worker, staff, supervisor, admin).</source>
        <translation>“{role}” is not a role (worker, staff, supervisor, admin).</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist. Choose another place to save the file.</source>
        <translation>The folder {folder} does not exist. Choose another place to save the file.</translation>
    </message>
    <message>
        <source>Cannot save in {folder}: this folder is not writable. Choose another folder.</source>
        <translation>Cannot save in {folder}: this folder is not writable. Choose another folder.</translation>
    </message>
    <message>
        <source>{path} is a folder. Give a file name ending in .xlsx.</source>
        <translation>{path} is a folder. Give a file name ending in .xlsx.</translation>
    </message>
    <message>
        <source>The disk is full, so {path} was not saved. Free some space and try again.</source>
        <translation>The disk is full, so {path} was not saved. Free some space and try again.</translation>
    </message>
    <message>
        <source>{path} cannot be replaced: it may be open in Excel or WPS. Close it and try again.</source>
        <translation>{path} cannot be replaced: it may be open in Excel or WPS. Close it and try again.</translation>
    </message>
    <message>
        <source>{path} could not be saved: {error}</source>
        <translation>{path} could not be saved: {error}</translation>
    </message>
    <message>
        <source>The export was cancelled; no file was saved.</source>
        <translation>The export was cancelled; no file was saved.</translation>
    </message>
    <message>
        <source>Full ID and phone numbers are exported only for a named account: add --as USERNAME.</source>
        <translation>Full ID and phone numbers are exported only for a named account: add --as USERNAME.</translation>
    </message>
    <message>
        <source>There is no active account called “{name}”.</source>
        <translation>There is no active account called “{name}”.</translation>
    </message>
    <message>
        <source>{name} may not export full ID and phone numbers: only administrators and community staff may.</source>
        <translation>{name} may not export full ID and phone numbers: only administrators and community staff may.</translation>
    </message>
    <message>
        <source>{name} may export full ID and phone numbers only for their own community ({community}).</source>
        <translation>{name} may export full ID and phone numbers only for their own community ({community}).</translation>
    </message>
    <message>
        <source>The start date {start} is after the end date {end}.</source>
        <translation>The start date {start} is after the end date {end}.</translation>
    </message>
    <message>
        <source>Give a file name ending in .xlsx: {path}</source>
        <translation>Give a file name ending in .xlsx: {path}</translation>
    </message>
    <message>
        <source>Report saved: {path} ({grids} grids).</source>
        <translation>Report saved: {path} ({grids} grids).</translation>
    </message>
    <message>
        <source>Nil report saved (nothing was recorded in the period): {path}</source>
        <translation>Nil report saved (nothing was recorded in the period): {path}</translation>
    </message>
    <message>
        <source>Ledger saved: {path} ({rows} records).</source>
        <translation>Ledger saved: {path} ({rows} records).</translation>
    </message>
</context>
</TS>