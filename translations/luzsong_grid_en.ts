<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>added</source>
        <translation>added</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>moved on</source>
        <translation>moved on</translation>
    </message>
    <message>
        <source>revealed a number</source>
        <translation>revealed a number</translation>
    </message>
    <message>
        <source>catalogues loaded</source>
        <translation>catalogues loaded</translation>
    </message>
    <message>
        <source>demo data made</source>
        <translation>demo data made</translation>
    </message>
    <message>
        <source> (synced)</source>
        <translation> (synced)</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Filter by person, record or change…</source>
        <translation>Filter by person, record or change…</translation>
    </message>
    <message>
        <source>Newest first. ID and phone numbers are stored masked in the log.</source>
        <translation>Newest first. ID and phone numbers are stored masked in the log.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <source>No data</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Working out the numbers…</source>
        <translation>Working out the numbers…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Households visited</source>
        <translation>Households visited</translation>
    </message>
    <message>
        <source>Services given</source>
        <translation>Services given</translation>
    </message>
    <message>
        <source>Disputes accepted</source>
        <translation>Disputes accepted</translation>
    </message>
    <message>
        <source>Disputes resolved</source>
        <translation>Disputes resolved</translation>
    </message>
    <message>
        <source>Events reported</source>
        <translation>Events reported</translation>
    </message>
    <message>
        <source>Events closed</source>
        <translation>Events closed</translation>
    </message>
    <message>
        <source>Events closed on time</source>
        <translation>Events closed on time</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>Overdue now</translation>
    </message>
    <message>
        <source>key-group visits</source>
        <translation>key-group visits</translation>
    </message>
    <message>
        <source>household visits</source>
        <translation>household visits</translation>
    </message>
    <message>
        <source>disputes past deadline</source>
        <translation>disputes past deadline</translation>
    </message>
    <message>
        <source>events past deadline</source>
        <translation>events past deadline</translation>
    </message>
    <message>
        <source>Visits per week, last 12 weeks</source>
        <translation>Visits per week, last 12 weeks</translation>
    </message>
    <message>
        <source>Disputes accepted this month, by type</source>
        <translation>Disputes accepted this month, by type</translation>
    </message>
    <message>
        <source>This month (%1 to %2) compared with last month (%3 to %4)</source>
        <translation>This month (%1 to %2) compared with last month (%3 to %4)</translation>
    </message>
    <message>
        <source>Last month %1  %2 %3</source>
        <translation>Last month %1  %2 %3</translation>
    </message>
    <message>
        <source>Key groups visited as required this month: %1 of %2 persons</source>
        <translation>Key groups visited as required this month: %1 of %2 persons</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Each point is one week, labelled with its Monday.</source>
        <translation>Each point is one week, labelled with its Monday.</translation>
    </message>
</context>
<context>
    <name>DisputeLedgerModel</name>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>Case no.</translation>
    </message>
</context>
<context>
    <name>DisputeStepModel</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <source>New dispute…</source>
        <translation>New dispute…</translation>
    </message>
    <message>
        <source>Party's name or case no.</source>
        <translation>Party's name or case no.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>Choose a dispute in the ledger.</source>
        <translation>Choose a dispute in the ledger.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>People involved</source>
        <translation>People involved</translation>
    </message>
    <message>
        <source>Amount involved</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>Major</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Measures taken</source>
        <translation>Measures taken</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Concluded on</source>
        <translation>Concluded on</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Performance deadline</source>
        <translation>Performance deadline</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Show full ID number</source>
        <translation>Show full ID number</translation>
    </message>
    <message>
        <source>Show full phone</source>
        <translation>Show full phone</translation>
    </message>
    <message>
        <source>Choose a party first. Each reveal is recorded.</source>
        <translation>Choose a party first. Each reveal is recorded.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Follow-up visits</source>
        <translation>Follow-up visits</translation>
    </message>
    <message>
        <source>Record follow-up…</source>
        <translation>Record follow-up…</translation>
    </message>
    <message>
        <source>Schedule follow-up…</source>
        <translation>Schedule follow-up…</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Yes, no. %1</source>
        <translation>Yes, no. %1</translation>
    </message>
    <message>
        <source>Mediate again</source>
        <translation>Mediate again</translation>
    </message>
    <message>
        <source>Start mediation</source>
        <translation>Start mediation</translation>
    </message>
    <message>
        <source>Mediated successfully…</source>
        <translation>Mediated successfully…</translation>
    </message>
    <message>
        <source>Mediation failed…</source>
        <translation>Mediation failed…</translation>
    </message>
    <message>
        <source>Refer…</source>
        <translation>Refer…</translation>
    </message>
    <message>
        <source>Close the case</source>
        <translation>Close the case</translation>
    </message>
    <message>
        <source>Record the follow-up visit first.</source>
        <translation>Record the follow-up visit first.</translation>
    </message>
    <message>
        <source>Close after the follow-up visit.</source>
        <translation>Close after the follow-up visit.</translation>
    </message>
    <message>
        <source>This case is closed.</source>
        <translation>This case is closed.</translation>
    </message>
    <message>
        <source>Choose a party first.</source>
        <translation>Choose a party first.</translation>
    </message>
</context>
<context>
    <name>DueModel</name>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>%1's household</source>
        <translation>%1's household</translation>
    </message>
    <message numerus="yes">
        <source>every %n day(s)</source>
        <translation>
            <numerusform>every %n day(s)</numerusform>
            <numerusform>every %n day(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Ordinary household</source>
        <translation>Ordinary household</translation>
    </message>
    <message>
        <source>Tagged person</source>
        <translation>Tagged person</translation>
    </message>
</context>
<context>
    <name>EventListModel</name>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>Event no.</source>
        <translation>Event no.</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>Supervised</translation>
    </message>
</context>
<context>
    <name>EventModel</name>
    <message>
        <source>Event no.</source>
        <translation>Event no.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
</context>
<context>
    <name>EventStepDialog</name>
    <message>
        <source>Event %1: %2</source>
        <translation>Event %1: %2</translation>
    </message>
    <message>
        <source>Dispatch to</source>
        <translation>Dispatch to</translation>
    </message>
    <message>
        <source>New deadline</source>
        <translation>New deadline</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>EventStepModel</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Report an event…</source>
        <translation>Report an event…</translation>
    </message>
    <message>
        <source>Event no., place or description</source>
        <translation>Event no., place or description</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Any urgency</source>
        <translation>Any urgency</translation>
    </message>
    <message>
        <source>Choose an event in the list.</source>
        <translation>Choose an event in the list.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>(extended from %1)</source>
        <translation>(extended from %1)</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>Under supervision</source>
        <translation>Under supervision</translation>
    </message>
    <message>
        <source>Resubmit</source>
        <translation>Resubmit</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Dispatch…</source>
        <translation>Dispatch…</translation>
    </message>
    <message>
        <source>Sign for</source>
        <translation>Sign for</translation>
    </message>
    <message>
        <source>Verification failed: handle again</source>
        <translation>Verification failed: handle again</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>Give feedback</source>
        <translation>Give feedback</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Resolved on the spot</source>
        <translation>Resolved on the spot</translation>
    </message>
    <message>
        <source>Cancel the event</source>
        <translation>Cancel the event</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Extend deadline…</source>
        <translation>Extend deadline…</translation>
    </message>
    <message>
        <source>Supervise…</source>
        <translation>Supervise…</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Work report (month, quarter or year)</source>
        <translation>Work report (month, quarter or year)</translation>
    </message>
    <message>
        <source>Visit ledger</source>
        <translation>Visit ledger</translation>
    </message>
    <message>
        <source>Dispute ledger</source>
        <translation>Dispute ledger</translation>
    </message>
    <message>
        <source>Service ledger</source>
        <translation>Service ledger</translation>
    </message>
    <message>
        <source>Event ledger</source>
        <translation>Event ledger</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <source> (year)</source>
        <translation> (year)</translation>
    </message>
    <message>
        <source>Q1 (January to March)</source>
        <translation>Q1 (January to March)</translation>
    </message>
    <message>
        <source>Q2 (April to June)</source>
        <translation>Q2 (April to June)</translation>
    </message>
    <message>
        <source>Q3 (July to September)</source>
        <translation>Q3 (July to September)</translation>
    </message>
    <message>
        <source>Q4 (October to December)</source>
        <translation>Q4 (October to December)</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Street / town</source>
        <translation>Street / town</translation>
    </message>
    <message>
        <source>Community / village</source>
        <translation>Community / village</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Show full ID and phone numbers</source>
        <translation>Show full ID and phone numbers</translation>
    </message>
    <message>
        <source>Off: ID and phone numbers are masked. On: the file holds full numbers; the export is recorded in the audit log. Keep such a file safe and delete it after use.</source>
        <translation>Off: ID and phone numbers are masked. On: the file holds full numbers; the export is recorded in the audit log. Keep such a file safe and delete it after use.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>Cancel export</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Whole district (%1)</source>
        <translation>Whole district (%1)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>All communities of the street</source>
        <translation>All communities of the street</translation>
    </message>
    <message>
        <source>All my grids</source>
        <translation>All my grids</translation>
    </message>
    <message>
        <source>All grids of the community</source>
        <translation>All grids of the community</translation>
    </message>
    <message>
        <source>Save the Excel file as</source>
        <translation>Save the Excel file as</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>Choose where to save the file.</translation>
    </message>
    <message>
        <source>%1 already exists. Click Export again to replace it.</source>
        <translation>%1 already exists. Click Export again to replace it.</translation>
    </message>
    <message>
        <source>Nil report saved (nothing was recorded in the period): %1</source>
        <translation>Nil report saved (nothing was recorded in the period): %1</translation>
    </message>
    <message numerus="yes">
        <source>Report saved (%n grid(s)): %1</source>
        <translation>
            <numerusform>Report saved (%n grid(s)): %1</numerusform>
            <numerusform>Report saved (%n grid(s)): %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ledger saved (%n record(s)): %1</source>
        <translation>
            <numerusform>Ledger saved (%n record(s)): %1</numerusform>
            <numerusform>Ledger saved (%n record(s)): %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up luzsong-grid</source>
        <translation>Set up luzsong-grid</translation>
    </message>
</context>
<context>
    <name>FollowupDialog</name>
    <message>
        <source>Record follow-up visit</source>
        <translation>Record follow-up visit</translation>
    </message>
    <message>
        <source>Dispute %1, follow-up due %2</source>
        <translation>Dispute %1, follow-up due %2</translation>
    </message>
    <message>
        <source>Visited on</source>
        <translation>Visited on</translation>
    </message>
    <message>
        <source>The agreement is being performed</source>
        <translation>The agreement is being performed</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Basically satisfied</source>
        <translation>Basically satisfied</translation>
    </message>
    <message>
        <source>Not satisfied</source>
        <translation>Not satisfied</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>e.g. none; may flare up again</source>
        <translation>e.g. none; may flare up again</translation>
    </message>
    <message>
        <source>Remaining risk</source>
        <translation>Remaining risk</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>FollowupModel</name>
    <message>
        <source>Satisfied</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Basically satisfied</source>
        <translation>Basically satisfied</translation>
    </message>
    <message>
        <source>Not satisfied</source>
        <translation>Not satisfied</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>to do</translation>
    </message>
    <message>
        <source>Performed</source>
        <translation>Performed</translation>
    </message>
    <message>
        <source>Not performed</source>
        <translation>Not performed</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>Remaining risk</source>
        <translation>Remaining risk</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Who / case</source>
        <translation>Who / case</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Visit follow-up</source>
        <translation>Visit follow-up</translation>
    </message>
    <message>
        <source>Dispute follow-up visit</source>
        <translation>Dispute follow-up visit</translation>
    </message>
    <message>
        <source>Event deadline</source>
        <translation>Event deadline</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Due soon</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <source>Edit household</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <source>Add household</source>
        <translation>Add household</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>e.g. 馨园花园13栋3单元202室</source>
        <translation>e.g. 馨园花园13栋3单元202室</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>Leave empty to keep %1</source>
        <translation>Leave empty to keep %1</translation>
    </message>
    <message>
        <source>Mobile, or a 0731 landline</source>
        <translation>Mobile, or a 0731 landline</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Household tags</source>
        <translation>Household tags</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Enter the address.</source>
        <translation>Enter the address.</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>Visit due</translation>
    </message>
    <message>
        <source>Household no. %1</source>
        <translation>Household no. %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Next visit due on %1</source>
        <translation>Next visit due on %1</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>Overdue since %1</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Due %1</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>Search: name, pinyin initials, ID or phone digits, address</source>
        <translation>Search: name, pinyin initials, ID or phone digits, address</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>Add household</source>
        <translation>Add household</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Choose a household from the list, or search for a person or an address.</source>
        <translation>Choose a household from the list, or search for a person or an address.</translation>
    </message>
    <message>
        <source>Log visit</source>
        <translation>Log visit</translation>
    </message>
    <message>
        <source>Edit household</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>Edit person</source>
        <translation>Edit person</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Reveal</translation>
    </message>
    <message>
        <source>Show a member's full ID or phone number (recorded in the audit log)</source>
        <translation>Show a member's full ID or phone number (recorded in the audit log)</translation>
    </message>
    <message>
        <source>Full ID number</source>
        <translation>Full ID number</translation>
    </message>
    <message>
        <source>Full phone number</source>
        <translation>Full phone number</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Event no.</source>
        <translation>Event no.</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Visit history</source>
        <translation>Visit history</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>All my grids</source>
        <translation>All my grids</translation>
    </message>
    <message>
        <source>All grids</source>
        <translation>All grids</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>All tags</translation>
    </message>
    <message numerus="yes">
        <source>%n household(s)</source>
        <translation>
            <numerusform>%n household(s)</numerusform>
            <numerusform>%n household(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match(es)</numerusform>
            <numerusform>%n match(es)</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found for “%1”.</source>
        <translation>Nothing found for “%1”.</translation>
    </message>
    <message>
        <source>That household no longer exists.</source>
        <translation>That household no longer exists.</translation>
    </message>
    <message>
        <source>That household is outside your area.</source>
        <translation>That household is outside your area.</translation>
    </message>
    <message>
        <source>Household no. %1</source>
        <translation>Household no. %1</translation>
    </message>
    <message>
        <source>Phone %1</source>
        <translation>Phone %1</translation>
    </message>
    <message>
        <source>Household tags: %1</source>
        <translation>Household tags: %1</translation>
    </message>
    <message>
        <source>male</source>
        <translation>male</translation>
    </message>
    <message>
        <source>female</source>
        <translation>female</translation>
    </message>
    <message>
        <source>deceased</source>
        <translation>deceased</translation>
    </message>
    <message>
        <source>moved out</source>
        <translation>moved out</translation>
    </message>
    <message>
        <source>Voided (corrected by a later record)</source>
        <translation>Voided (corrected by a later record)</translation>
    </message>
    <message>
        <source>Visit overdue since %1</source>
        <translation>Visit overdue since %1</translation>
    </message>
    <message>
        <source>Next visit due by %1</source>
        <translation>Next visit due by %1</translation>
    </message>
    <message>
        <source>Choose a member first.</source>
        <translation>Choose a member first.</translation>
    </message>
    <message>
        <source>Logging visits is not available yet.</source>
        <translation>Logging visits is not available yet.</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>%1 shown</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 overdue</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lusong Grid Worker's Desk</source>
        <translation>Lusong Grid Worker's Desk</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Export a report or ledger to Excel…</source>
        <translation>Export a report or ledger to Excel…</translation>
    </message>
    <message>
        <source>Import households from Excel…</source>
        <translation>Import households from Excel…</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>About</source>
        <translation>About</translation>
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
            <numerusform>Not yet synced: %n change(s)</numerusform>
            <numerusform>Not yet synced: %n change(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Lusong Grid Worker's Desk&lt;/b&gt; %1&lt;br&gt;For the grid workers of Lusong District, Zhuzhou.&lt;br&gt;&lt;br&gt;Data folder: %2&lt;br&gt;Log files: %3&lt;br&gt;Device: %4</source>
        <translation>&lt;b&gt;Lusong Grid Worker's Desk&lt;/b&gt; %1&lt;br&gt;For the grid workers of Lusong District, Zhuzhou.&lt;br&gt;&lt;br&gt;Data folder: %2&lt;br&gt;Log files: %3&lt;br&gt;Device: %4</translation>
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
    <name>MoveDisputeDialog</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Dispute %1: move to “%2”</source>
        <translation>Dispute %1: move to “%2”</translation>
    </message>
    <message>
        <source>A mediation agreement was signed</source>
        <translation>A mediation agreement was signed</translation>
    </message>
    <message>
        <source>e.g. (2026) 建设调字第012号</source>
        <translation>e.g. (2026) 建设调字第012号</translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation>Performed by</translation>
    </message>
    <message>
        <source>Concluded on</source>
        <translation>Concluded on</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Agreement no.</source>
        <translation>Agreement no.</translation>
    </message>
    <message>
        <source>Performance deadline</source>
        <translation>Performance deadline</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Enter the agreement's number.</source>
        <translation>Enter the agreement's number.</translation>
    </message>
</context>
<context>
    <name>NewDisputeDialog</name>
    <message>
        <source>New dispute</source>
        <translation>New dispute</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Who, what happened, what each side wants</source>
        <translation>Who, what happened, what each side wants</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>Major dispute</source>
        <translation>Major dispute</translation>
    </message>
    <message>
        <source>People involved</source>
        <translation>People involved</translation>
    </message>
    <message>
        <source>Amount involved</source>
        <translation>Amount involved</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Add a party</source>
        <translation>Add a party</translation>
    </message>
    <message>
        <source>Remove the selected party</source>
        <translation>Remove the selected party</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>Deadline: %1</translation>
    </message>
    <message>
        <source>Party %1: %2</source>
        <translation>Party %1: %2</translation>
    </message>
    <message>
        <source>Enter the party's name.</source>
        <translation>Enter the party's name.</translation>
    </message>
    <message>
        <source>Enter at least one party.</source>
        <translation>Enter at least one party.</translation>
    </message>
    <message>
        <source>Describe the dispute.</source>
        <translation>Describe the dispute.</translation>
    </message>
    <message>
        <source>It cannot be accepted before it was found.</source>
        <translation>It cannot be accepted before it was found.</translation>
    </message>
</context>
<context>
    <name>PartyModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Edit person</source>
        <translation>Edit person</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Add person</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>18 characters; leave empty to keep %1</source>
        <translation>18 characters; leave empty to keep %1</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18 characters</translation>
    </message>
    <message>
        <source>Open the existing person</source>
        <translation>Open the existing person</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>not known</translation>
    </message>
    <message>
        <source>male</source>
        <translation>male</translation>
    </message>
    <message>
        <source>female</source>
        <translation>female</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>Leave empty to keep %1</source>
        <translation>Leave empty to keep %1</translation>
    </message>
    <message>
        <source>Mobile, or a 0731 landline</source>
        <translation>Mobile, or a 0731 landline</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Relation to the head</source>
        <translation>Relation to the head</translation>
    </message>
    <message>
        <source>Ethnic group</source>
        <translation>Ethnic group</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Risk level (0-5)</source>
        <translation>Risk level (0-5)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1 of 18 characters</source>
        <translation>%1 of 18 characters</translation>
    </message>
    <message>
        <source>Born %1 · %2 · %3 years old</source>
        <translation>Born %1 · %2 · %3 years old</translation>
    </message>
    <message>
        <source>Already registered for %1.</source>
        <translation>Already registered for %1.</translation>
    </message>
    <message>
        <source>Write the date as YYYY-MM-DD.</source>
        <translation>Write the date as YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>Enter the name.</source>
        <translation>Enter the name.</translation>
    </message>
</context>
<context>
    <name>ReportEventDialog</name>
    <message>
        <source>Report an event</source>
        <translation>Report an event</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>What is the problem, since when, who is affected</source>
        <translation>What is the problem, since when, who is affected</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Address or resident's name (optional)</source>
        <translation>Address or resident's name (optional)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>(no household)</source>
        <translation>(no household)</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Choose a photo…</source>
        <translation>Choose a photo…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>(no photo)</source>
        <translation>(no photo)</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>(not in the list)</source>
        <translation>(not in the list)</translation>
    </message>
    <message>
        <source>suggested: %1</source>
        <translation>suggested: %1</translation>
    </message>
    <message>
        <source>to be handled by %1 (within %2 hours)</source>
        <translation>to be handled by %1 (within %2 hours)</translation>
    </message>
    <message>
        <source>No household found in this grid.</source>
        <translation>No household found in this grid.</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>Choose a photo</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
    <message>
        <source>Describe the event.</source>
        <translation>Describe the event.</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import households from Excel</source>
        <extracomment>Tables an import writes: pages showing them refresh.</extracomment>
        <translation>Import households from Excel</translation>
    </message>
    <message>
        <source>A roster (花名册) in .xlsx or .xls</source>
        <translation>A roster (花名册) in .xlsx or .xls</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>for rows whose 所属网格 cell is empty</source>
        <translation>for rows whose 所属网格 cell is empty</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Check the file</source>
        <translation>Check the file</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>All rows</translation>
    </message>
    <message>
        <source>Rejected rows (errors and duplicates)</source>
        <translation>Rejected rows (errors and duplicates)</translation>
    </message>
    <message>
        <source>New persons</source>
        <translation>New persons</translation>
    </message>
    <message>
        <source>Updated persons</source>
        <translation>Updated persons</translation>
    </message>
    <message>
        <source>Already registered</source>
        <translation>Already registered</translation>
    </message>
    <message>
        <source>Skipped rows</source>
        <translation>Skipped rows</translation>
    </message>
    <message>
        <source>Save error report…</source>
        <translation>Save error report…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>(none: every row names its grid)</source>
        <translation>(none: every row names its grid)</translation>
    </message>
    <message>
        <source>Choose a roster</source>
        <translation>Choose a roster</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx *.xls)</source>
        <translation>Excel workbooks (*.xlsx *.xls)</translation>
    </message>
    <message>
        <source>Check the file again.</source>
        <translation>Check the file again.</translation>
    </message>
    <message>
        <source>Choose the roster file first.</source>
        <translation>Choose the roster file first.</translation>
    </message>
    <message>
        <source>%1_rejected_rows.xlsx</source>
        <translation>%1_rejected_rows.xlsx</translation>
    </message>
    <message>
        <source>Save the rejected rows as</source>
        <translation>Save the rejected rows as</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message numerus="yes">
        <source>%n rejected row(s) saved with their reasons: %1</source>
        <translation>
            <numerusform>%n rejected row(s) saved with their reasons: %1</numerusform>
            <numerusform>%n rejected row(s) saved with their reasons: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Sheet “%1”, row %2: %3</source>
        <translation>Sheet “%1”, row %2: %3</translation>
    </message>
    <message>
        <source>Sheet “%1”, row %2</source>
        <translation>Sheet “%1”, row %2</translation>
    </message>
    <message>
        <source>The file names each row's grid (所属网格).</source>
        <translation>The file names each row's grid (所属网格).</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>Nothing to import</source>
        <translation>Nothing to import</translation>
    </message>
    <message numerus="yes">
        <source>Import %n row(s)</source>
        <translation>
            <numerusform>Import %n row(s)</numerusform>
            <numerusform>Import %n row(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>Checking the rows…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
</context>
<context>
    <name>RosterPreviewModel</name>
    <message>
        <source>Sheet</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Reason or note</source>
        <translation>Reason or note</translation>
    </message>
</context>
<context>
    <name>ScheduleFollowupDialog</name>
    <message>
        <source>Schedule a follow-up visit</source>
        <translation>Schedule a follow-up visit</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>Due on</translation>
    </message>
</context>
<context>
    <name>SettingsModels</name>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Visit every (days)</source>
        <translation>Visit every (days)</translation>
    </message>
    <message>
        <source>Risk level from</source>
        <translation>Risk level from</translation>
    </message>
    <message>
        <source>Risk level up to</source>
        <translation>Risk level up to</translation>
    </message>
    <message>
        <source>Age from</source>
        <translation>Age from</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Chinese name</source>
        <translation>Chinese name</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>English name</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In use</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Visit rules</source>
        <translation>Visit rules</translation>
    </message>
    <message>
        <source>Catalogues</source>
        <translation>Catalogues</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>Only community staff and administrators can change these; you can read them.</source>
        <translation>Only community staff and administrators can change these; you can read them.</translation>
    </message>
    <message>
        <source>How often each group must be visited. A person with several tags is visited at the shortest interval that applies. The rules are shared by every computer of the district once synced.</source>
        <translation>How often each group must be visited. A person with several tags is visited at the shortest interval that applies. The rules are shared by every computer of the district once synced.</translation>
    </message>
    <message>
        <source>Households without such a tag: visit every</source>
        <translation>Households without such a tag: visit every</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Add rule</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>Remove rule</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Catalogue:</source>
        <translation>Catalogue:</translation>
    </message>
    <message>
        <source>Dispute types</source>
        <translation>Dispute types</translation>
    </message>
    <message>
        <source>Dispute sources</source>
        <translation>Dispute sources</translation>
    </message>
    <message>
        <source>Mediation results</source>
        <translation>Mediation results</translation>
    </message>
    <message>
        <source>Mediation methods</source>
        <translation>Mediation methods</translation>
    </message>
    <message>
        <source>Roles of parties</source>
        <translation>Roles of parties</translation>
    </message>
    <message>
        <source>Service types</source>
        <translation>Service types</translation>
    </message>
    <message>
        <source>Kinds of visit</source>
        <translation>Kinds of visit</translation>
    </message>
    <message>
        <source>Visit findings</source>
        <translation>Visit findings</translation>
    </message>
    <message>
        <source>Relations to the head of household</source>
        <translation>Relations to the head of household</translation>
    </message>
    <message>
        <source>Codes never change: records refer to them. An entry no longer used is switched off, not deleted, so old records keep their meaning.</source>
        <translation>Codes never change: records refer to them. An entry no longer used is switched off, not deleted, so old records keep their meaning.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>The window locks after this long without use; the password opens it again.</source>
        <translation>The window locks after this long without use; the password opens it again.</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Lock after</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Database size</source>
        <translation>Database size</translation>
    </message>
    <message>
        <source>Log files</source>
        <translation>Log files</translation>
    </message>
    <message>
        <source>Visit rules saved.</source>
        <translation>Visit rules saved.</translation>
    </message>
    <message>
        <source>Catalogue saved.</source>
        <translation>Catalogue saved.</translation>
    </message>
    <message>
        <source>The new language is used the next time the app starts.</source>
        <translation>The new language is used the next time the app starts.</translation>
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
    <name>SyncPage</name>
    <message>
        <source>Only needed the first time</source>
        <translation>Only needed the first time</translation>
    </message>
    <message>
        <source>Office server</source>
        <translation>Office server</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>My changes that need attention</source>
        <translation>My changes that need attention</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Office review queue</source>
        <translation>Office review queue</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change(s)</numerusform>
            <numerusform>%n change(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>conflict</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>Keep the office's version</source>
        <translation>Keep the office's version</translation>
    </message>
    <message>
        <source>Apply the laptop's change</source>
        <translation>Apply the laptop's change</translation>
    </message>
    <message>
        <source>Decided.</source>
        <translation>Decided.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Sent %1, received %2. Conflicts: %3, refused: %4.</source>
        <translation>Sent %1, received %2. Conflicts: %3, refused: %4.</translation>
    </message>
    <message>
        <source>Cancelled. Nothing is lost; the rest goes at the next sync.</source>
        <translation>Cancelled. Nothing is lost; the rest goes at the next sync.</translation>
    </message>
</context>
<context>
    <name>TodayModels</name>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>%n day(s) overdue</source>
        <translation>%n day(s) overdue</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>due today</translation>
    </message>
    <message>
        <source>due in %n day(s)</source>
        <translation>due in %n day(s)</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Visits due</source>
        <translation>Visits due</translation>
    </message>
    <message>
        <source>No visits are due this week.</source>
        <translation>No visits are due this week.</translation>
    </message>
    <message>
        <source>Enter: visited now (routine) · Shift+Enter: log the visit in detail</source>
        <translation>Enter: visited now (routine) · Shift+Enter: log the visit in detail</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>No follow-ups due this week.</source>
        <translation>No follow-ups due this week.</translation>
    </message>
    <message>
        <source>My open events</source>
        <translation>My open events</translation>
    </message>
    <message>
        <source>None of the events you reported is waiting.</source>
        <translation>None of the events you reported is waiting.</translation>
    </message>
    <message>
        <source>Services today</source>
        <translation>Services today</translation>
    </message>
    <message>
        <source>press a number key to count one service</source>
        <translation>press a number key to count one service</translation>
    </message>
    <message>
        <source>The grid the services are counted for</source>
        <translation>The grid the services are counted for</translation>
    </message>
    <message>
        <source>Read only: your role sees the lists but logs nothing.</source>
        <translation>Read only: your role sees the lists but logs nothing.</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n past the deadline</source>
        <translation>
            <numerusform>%n past the deadline</numerusform>
            <numerusform>%n past the deadline</numerusform>
        </translation>
    </message>
    <message>
        <source>Count one “%1” service</source>
        <translation>Count one “%1” service</translation>
    </message>
    <message>
        <source>for %1</source>
        <translation>for %1</translation>
    </message>
    <message>
        <source>no grid of yours to count for</source>
        <translation>no grid of yours to count for</translation>
    </message>
    <message>
        <source>for grid</source>
        <translation>for grid</translation>
    </message>
    <message>
        <source>Read only: your role cannot count services.</source>
        <translation>Read only: your role cannot count services.</translation>
    </message>
    <message>
        <source>one “%1” service</source>
        <translation>one “%1” service</translation>
    </message>
    <message>
        <source>Counted %1 — Ctrl+Z undoes it</source>
        <translation>Counted %1 — Ctrl+Z undoes it</translation>
    </message>
    <message>
        <source>Read only: your role cannot log visits.</source>
        <translation>Read only: your role cannot log visits.</translation>
    </message>
    <message>
        <source>%1's household</source>
        <translation>%1's household</translation>
    </message>
    <message>
        <source>visit to %1</source>
        <translation>visit to %1</translation>
    </message>
    <message>
        <source>Visit logged: %1 — Ctrl+Z undoes it</source>
        <translation>Visit logged: %1 — Ctrl+Z undoes it</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>Undo %1</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Nothing to undo.</translation>
    </message>
</context>
<context>
    <name>UndoStack</name>
    <message>
        <source>Nothing to undo.</source>
        <translation>Nothing to undo.</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Undone: %1</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Type a date like 2026-12-04, or +7 for a week after the visit.</source>
        <translation>Type a date like 2026-12-04, or +7 for a week after the visit.</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>Log a visit</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>What you saw and heard</source>
        <translation>What you saw and heard</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>What you did or arranged</source>
        <translation>What you did or arranged</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>none — a date, or +7 for a week later</source>
        <translation>none — a date, or +7 for a week later</translation>
    </message>
    <message>
        <source>+7 days</source>
        <translation>+7 days</translation>
    </message>
    <message>
        <source>Follow up a week after the visit (key +)</source>
        <translation>Follow up a week after the visit (key +)</translation>
    </message>
    <message>
        <source>Follow up by</source>
        <translation>Follow up by</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>Who came along (optional)</source>
        <translation>Who came along (optional)</translation>
    </message>
    <message>
        <source>Companions</source>
        <translation>Companions</translation>
    </message>
    <message>
        <source>Keys: 1-7 tick findings · + follow up in a week · Tab next field · Ctrl+Enter save · Esc cancel</source>
        <translation>Keys: 1-7 tick findings · + follow up in a week · Tab next field · Ctrl+Enter save · Esc cancel</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Your role can read records but not change them.</source>
        <translation>Your role can read records but not change them.</translation>
    </message>
    <message>
        <source>%1 · head of household: %2</source>
        <translation>%1 · head of household: %2</translation>
    </message>
    <message>
        <source>The whole household</source>
        <translation>The whole household</translation>
    </message>
    <message>
        <source>visit to %1</source>
        <translation>visit to %1</translation>
    </message>
    <message>
        <source>Visit saved: %1 — Ctrl+Z undoes it</source>
        <translation>Visit saved: %1 — Ctrl+Z undoes it</translation>
    </message>
</context>
<context>
    <name>_ChoicePage</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Choose the language and how this computer starts.</source>
        <translation>Choose the language and how this computer starts.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Connect to the community office's server (grid workers)</source>
        <translation>Connect to the community office's server (grid workers)</translation>
    </message>
    <message>
        <source>Start empty and create the first administrator (an office)</source>
        <translation>Start empty and create the first administrator (an office)</translation>
    </message>
    <message>
        <source>Load the demo district to try the app</source>
        <translation>Load the demo district to try the app</translation>
    </message>
</context>
<context>
    <name>_DetailsPage</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Office server</source>
        <translation>Office server</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>The demo district (invented people) will be made on this computer. Demo accounts: worker, staff, supervisor, district, admin; password demo1234.</source>
        <translation>The demo district (invented people) will be made on this computer. Demo accounts: worker, staff, supervisor, district, admin; password demo1234.</translation>
    </message>
    <message>
        <source>This computer starts with an empty database and this administrator account.</source>
        <translation>This computer starts with an empty database and this administrator account.</translation>
    </message>
    <message>
        <source>Your grids are fetched from the office server with your account.</source>
        <translation>Your grids are fetched from the office server with your account.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
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
        <source>The key file of this computer's database is missing ({path}), so the database cannot be unlocked. Restore the data folder from a copy, or ask the community office.</source>
        <translation>The key file of this computer's database is missing ({path}), so the database cannot be unlocked. Restore the data folder from a copy, or ask the community office.</translation>
    </message>
    <message>
        <source>Sign in first: the database is encrypted and has not been unlocked.</source>
        <translation>Sign in first: the database is encrypted and has not been unlocked.</translation>
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
        <source>Backed up to {path} ({size} KB), verified.</source>
        <translation>Backed up to {path} ({size} KB), verified.</translation>
    </message>
    <message>
        <source>Restored from {path}. The database it replaced is kept at {kept}.</source>
        <translation>Restored from {path}. The database it replaced is kept at {kept}.</translation>
    </message>
    <message>
        <source>The database is encrypted: sign in with --user NAME (the password is asked for), or set LUZSONG_GRID_USER and LUZSONG_GRID_PASSWORD.</source>
        <translation>The database is encrypted: sign in with --user NAME (the password is asked for), or set LUZSONG_GRID_USER and LUZSONG_GRID_PASSWORD.</translation>
    </message>
    <message>
        <source>The password of {username} on this computer was changed.</source>
        <translation>The password of {username} on this computer was changed.</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <source>Only an administrator can set another account's password on this computer.</source>
        <translation>Only an administrator can set another account's password on this computer.</translation>
    </message>
    <message>
        <source>The database key file {path} cannot be used: it must hold 64 hexadecimal digits (make one with: openssl rand -hex 32).</source>
        <translation>The database key file {path} cannot be used: it must hold 64 hexadecimal digits (make one with: openssl rand -hex 32).</translation>
    </message>
    <message>
        <source>LUZSONG_GRID_DB_KEY_FILE encrypts a SQLite database only; protect a PostgreSQL server's disks instead.</source>
        <translation>LUZSONG_GRID_DB_KEY_FILE encrypts a SQLite database only; protect a PostgreSQL server's disks instead.</translation>
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
        <source>The database {path} cannot be opened with this computer's key: it was encrypted on another computer, or it is damaged.</source>
        <translation>The database {path} cannot be opened with this computer's key: it was encrypted on another computer, or it is damaged.</translation>
    </message>
    <message>
        <source>The database {path} is encrypted: it opens after signing in (in the app, or with --user NAME on the command line).</source>
        <translation>The database {path} is encrypted: it opens after signing in (in the app, or with --user NAME on the command line).</translation>
    </message>
    <message>
        <source>The database server cannot be reached or refused the connection: {url}</source>
        <translation>The database server cannot be reached or refused the connection: {url}</translation>
    </message>
    <message>
        <source>“{url}” is not a database this app can use (use a SQLite file path, sqlite:///FILE or postgresql+psycopg://USER@HOST/DB).</source>
        <translation>“{url}” is not a database this app can use (use a SQLite file path, sqlite:///FILE or postgresql+psycopg://USER@HOST/DB).</translation>
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
        <source>Unknown role “{role}” (use worker, staff, supervisor, admin).</source>
        <translation>Unknown role “{role}” (use worker, staff, supervisor, admin).</translation>
    </message>
    <message>
        <source>The user name “{username}” is already taken.</source>
        <translation>The user name “{username}” is already taken.</translation>
    </message>
    <message>
        <source>There is no user “{username}”.</source>
        <translation>There is no user “{username}”.</translation>
    </message>
    <message>
        <source>There is no grid with the code {code}.</source>
        <translation>There is no grid with the code {code}.</translation>
    </message>
    <message>
        <source>A grid worker needs at least one grid (--grid CODE).</source>
        <translation>A grid worker needs at least one grid (--grid CODE).</translation>
    </message>
    <message>
        <source>Community staff need the code of their community (--scope CODE).</source>
        <translation>Community staff need the code of their community (--scope CODE).</translation>
    </message>
    <message>
        <source>There is no such scope: {code} (staff: a community code; supervisors: a street code).</source>
        <translation>There is no such scope: {code} (staff: a community code; supervisors: a street code).</translation>
    </message>
    <message>
        <source>Only grid workers are assigned grids.</source>
        <translation>Only grid workers are assigned grids.</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>The password must have at least 8 characters.</translation>
    </message>
    <message>
        <source>The device key must be 64 hexadecimal characters.</source>
        <translation>The device key must be 64 hexadecimal characters.</translation>
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
        <source>Your role may not see full ID and phone numbers.</source>
        <translation>Your role may not see full ID and phone numbers.</translation>
    </message>
    <message>
        <source>Only community staff and administrators may change rules and catalogues.</source>
        <translation>Only community staff and administrators may change rules and catalogues.</translation>
    </message>
    <message>
        <source>The interval must be a whole number from 1 to 366 days.</source>
        <translation>The interval must be a whole number from 1 to 366 days.</translation>
    </message>
    <message>
        <source>The minimum age must be a whole number from 0 to 150.</source>
        <translation>The minimum age must be a whole number from 0 to 150.</translation>
    </message>
    <message>
        <source>The lowest risk level cannot be higher than the highest.</source>
        <translation>The lowest risk level cannot be higher than the highest.</translation>
    </message>
    <message>
        <source>The tag “{tag}” has no risk level, so the rule cannot depend on one.</source>
        <translation>The tag “{tag}” has no risk level, so the rule cannot depend on one.</translation>
    </message>
    <message>
        <source>The tag “{tag}” already has a rule with the same conditions.</source>
        <translation>The tag “{tag}” already has a rule with the same conditions.</translation>
    </message>
    <message>
        <source>“{code}” is not a valid code: lower-case letters, digits and single underscores, starting with a letter.</source>
        <translation>“{code}” is not a valid code: lower-case letters, digits and single underscores, starting with a letter.</translation>
    </message>
    <message>
        <source>“{kind}” is not an editable catalogue.</source>
        <translation>“{kind}” is not an editable catalogue.</translation>
    </message>
    <message>
        <source>There is no file {path}.</source>
        <translation>There is no file {path}.</translation>
    </message>
    <message>
        <source>{path} is a folder, not an Excel file.</source>
        <translation>{path} is a folder, not an Excel file.</translation>
    </message>
    <message>
        <source>The file {path} cannot be opened: another program (Excel or WPS?) is using it, or you may not read it. Close it there and try again. Nothing was imported.</source>
        <translation>The file {path} cannot be opened: another program (Excel or WPS?) is using it, or you may not read it. Close it there and try again. Nothing was imported.</translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {error}</source>
        <translation>The file {path} cannot be read: {error}</translation>
    </message>
    <message>
        <source>{path} is not an Excel file (.xlsx or .xls). If it is a CSV or a web page, open it in Excel or WPS and save it as .xlsx. Nothing was imported.</source>
        <translation>{path} is not an Excel file (.xlsx or .xls). If it is a CSV or a web page, open it in Excel or WPS and save it as .xlsx. Nothing was imported.</translation>
    </message>
    <message>
        <source>{path} looks like an Excel file but cannot be read (it may be damaged): {error}. Open it in Excel or WPS and save it again as .xlsx. Nothing was imported.</source>
        <translation>{path} looks like an Excel file but cannot be read (it may be damaged): {error}. Open it in Excel or WPS and save it again as .xlsx. Nothing was imported.</translation>
    </message>
    <message>
        <source>{path} is protected with a password. Open it in Excel or WPS, remove the password (File › Info › Protect Workbook) and save it, then import it again. Nothing was imported.</source>
        <translation>{path} is protected with a password. Open it in Excel or WPS, remove the password (File › Info › Protect Workbook) and save it, then import it again. Nothing was imported.</translation>
    </message>
    <message>
        <source>The file seems to be open in another program: changes not yet saved there are not in this import.</source>
        <translation>The file seems to be open in another program: changes not yet saved there are not in this import.</translation>
    </message>
    <message>
        <source>Sheet “{sheet}” is too large to be a roster ({rows} rows × {columns} columns used). Delete stray cells far below or right of the data and save again.</source>
        <translation>Sheet “{sheet}” is too large to be a roster ({rows} rows × {columns} columns used). Delete stray cells far below or right of the data and save again.</translation>
    </message>
    <message>
        <source>{path} is not a luzsong-grid database, so it cannot be restored.</source>
        <translation>{path} is not a luzsong-grid database, so it cannot be restored.</translation>
    </message>
    <message>
        <source>The backup {path} is damaged ({problem}); nothing was restored.</source>
        <translation>The backup {path} is damaged ({problem}); nothing was restored.</translation>
    </message>
    <message>
        <source>The backup {path} was made by a newer version of luzsong-grid (schema {found}); nothing was restored.</source>
        <translation>The backup {path} was made by a newer version of luzsong-grid (schema {found}); nothing was restored.</translation>
    </message>
    <message>
        <source>The backup could not be written to {path}: {error}</source>
        <translation>The backup could not be written to {path}: {error}</translation>
    </message>
    <message>
        <source>The backup {path} is encrypted with another computer's key (or damaged); nothing was restored.</source>
        <translation>The backup {path} is encrypted with another computer's key (or damaged); nothing was restored.</translation>
    </message>
    <message>
        <source>The database {path} could not be encrypted ({problem}); it was left as it was.</source>
        <translation>The database {path} could not be encrypted ({problem}); it was left as it was.</translation>
    </message>
    <message>
        <source>Choose a photo (JPG, PNG, BMP, GIF or WebP).</source>
        <translation>Choose a photo (JPG, PNG, BMP, GIF or WebP).</translation>
    </message>
    <message>
        <source>The photo is larger than 20 MB.</source>
        <translation>The photo is larger than 20 MB.</translation>
    </message>
    <message>
        <source>The photo cannot be read: {error}</source>
        <translation>The photo cannot be read: {error}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Categories</translation>
    </message>
    <message>
        <source>Relation to the head</source>
        <translation>Relation to the head</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Head's name</source>
        <translation>Head's name</translation>
    </message>
    <message>
        <source>Head's ID number</source>
        <translation>Head's ID number</translation>
    </message>
    <message>
        <source>“{text}” contains digits, so it is not a name (is a column shifted?).</source>
        <translation>“{text}” contains digits, so it is not a name (is a column shifted?).</translation>
    </message>
    <message>
        <source>“{text}” is not a date (write 1950-03-02, 1950.3.2, 1950年3月2日 or 1950/03/02).</source>
        <translation>“{text}” is not a date (write 1950-03-02, 1950.3.2, 1950年3月2日 or 1950/03/02).</translation>
    </message>
    <message>
        <source>“{text}” is not a gender (男 or 女).</source>
        <translation>“{text}” is not a gender (男 or 女).</translation>
    </message>
    <message>
        <source>Unknown categories: {names}. Use the names of the tag list (低保户, 残疾人, 独居老人 …), separated by 、</source>
        <translation>Unknown categories: {names}. Use the names of the tag list (低保户, 残疾人, 独居老人 …), separated by 、</translation>
    </message>
    <message>
        <source>“{text}” is not a relation to the head of household (户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 孙女, 儿媳, 女婿, 兄弟姐妹, 其他).</source>
        <translation>“{text}” is not a relation to the head of household (户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 孙女, 儿媳, 女婿, 兄弟姐妹, 其他).</translation>
    </message>
    <message>
        <source>Only the first phone number was taken; the others ({others}) were left out.</source>
        <translation>Only the first phone number was taken; the others ({others}) were left out.</translation>
    </message>
    <message>
        <source>A totals row, not a person.</source>
        <translation>A totals row, not a person.</translation>
    </message>
    <message>
        <source>A note or signature line, not a person.</source>
        <translation>A note or signature line, not a person.</translation>
    </message>
    <message>
        <source>An example row of the template, not a person.</source>
        <translation>An example row of the template, not a person.</translation>
    </message>
    <message>
        <source>A row explaining the columns, not a person.</source>
        <translation>A row explaining the columns, not a person.</translation>
    </message>
    <message>
        <source>Only one cell is filled in: taken for a heading, not a person.</source>
        <translation>Only one cell is filled in: taken for a heading, not a person.</translation>
    </message>
    <message>
        <source>The office server {url} cannot be reached. Nothing was lost: your changes stay on this computer and go out at the next sync.</source>
        <translation>The office server {url} cannot be reached. Nothing was lost: your changes stay on this computer and go out at the next sync.</translation>
    </message>
    <message>
        <source>The office has disabled this account. Ask the community office.</source>
        <translation>The office has disabled this account. Ask the community office.</translation>
    </message>
    <message>
        <source>The office has revoked this computer's access. Ask the community office to register it again.</source>
        <translation>The office has revoked this computer's access. Ask the community office to register it again.</translation>
    </message>
    <message>
        <source>This computer is not registered with the office yet. Sign in to register it.</source>
        <translation>This computer is not registered with the office yet. Sign in to register it.</translation>
    </message>
    <message>
        <source>The office server refused the sign-in: {detail}</source>
        <translation>The office server refused the sign-in: {detail}</translation>
    </message>
    <message>
        <source>The office asks for your password again (the sign-in expired).</source>
        <translation>The office asks for your password again (the sign-in expired).</translation>
    </message>
    <message>
        <source>This computer and the office server run different versions: {detail}</source>
        <translation>This computer and the office server run different versions: {detail}</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Wait {seconds} seconds and try again.</source>
        <translation>Too many failed sign-ins. Wait {seconds} seconds and try again.</translation>
    </message>
    <message>
        <source>The office server refused the request: {detail}</source>
        <translation>The office server refused the request: {detail}</translation>
    </message>
    <message>
        <source>The office server {url} keeps failing (HTTP {status}). Nothing was lost: your changes stay on this computer and go out at the next sync.</source>
        <translation>The office server {url} keeps failing (HTTP {status}). Nothing was lost: your changes stay on this computer and go out at the next sync.</translation>
    </message>
    <message>
        <source>No sheet of {path} has a header this app recognises: a row with a name column (姓名) and at least one of 身份证号, 住址, 联系电话 or 与户主关系 within the first 30 rows. Nothing was imported.</source>
        <translation>No sheet of {path} has a header this app recognises: a row with a name column (姓名) and at least one of 身份证号, 住址, 联系电话 or 与户主关系 within the first 30 rows. Nothing was imported.</translation>
    </message>
    <message>
        <source>Sheet “{sheet}” was skipped: it has no header with a name column (姓名).</source>
        <translation>Sheet “{sheet}” was skipped: it has no header with a name column (姓名).</translation>
    </message>
    <message>
        <source>Column “{column}” of sheet “{sheet}” was not imported: most of its values ({examples}) are not categories of the tag list.</source>
        <translation>Column “{column}” of sheet “{sheet}” was not imported: most of its values ({examples}) are not categories of the tag list.</translation>
    </message>
    <message>
        <source>No grid: fill in 所属网格, or choose the grid for the whole file.</source>
        <translation>No grid: fill in 所属网格, or choose the grid for the whole file.</translation>
    </message>
    <message>
        <source>“{text}” is neither the code nor the name of a grid.</source>
        <translation>“{text}” is neither the code nor the name of a grid.</translation>
    </message>
    <message>
        <source>Several grids are named “{text}”: write the grid code instead.</source>
        <translation>Several grids are named “{text}”: write the grid code instead.</translation>
    </message>
    <message>
        <source>The same ID number is already on row {row} of sheet “{sheet}”.</source>
        <translation>The same ID number is already on row {row} of sheet “{sheet}”.</translation>
    </message>
    <message>
        <source>The same person (name, address and birth date) is already on row {row} of sheet “{sheet}”.</source>
        <translation>The same person (name, address and birth date) is already on row {row} of sheet “{sheet}”.</translation>
    </message>
    <message>
        <source>This ID number is registered for {name}, not {given}: check the ID number and the name.</source>
        <translation>This ID number is registered for {name}, not {given}: check the ID number and the name.</translation>
    </message>
    <message>
        <source>This ID number is registered in grid {code}, which is not one of your grids.</source>
        <translation>This ID number is registered in grid {code}, which is not one of your grids.</translation>
    </message>
    <message>
        <source>Grid {code} is outside {area}, the area of your account: you may import only into its grids.</source>
        <translation>Grid {code} is outside {area}, the area of your account: you may import only into its grids.</translation>
    </message>
    <message>
        <source>Supervisors read and export records but do not import them: ask the community staff or an administrator to import this roster. Nothing was imported.</source>
        <translation>Supervisors read and export records but do not import them: ask the community staff or an administrator to import this roster. Nothing was imported.</translation>
    </message>
    <message>
        <source>A head of household needs an address (住址).</source>
        <translation>A head of household needs an address (住址).</translation>
    </message>
    <message>
        <source>No address, and no head of household above this row on the sheet to put the person with.</source>
        <translation>No address, and no head of household above this row on the sheet to put the person with.</translation>
    </message>
    <message>
        <source>The head of this household (row {row}) was rejected, so this row cannot be placed.</source>
        <translation>The head of this household (row {row}) was rejected, so this row cannot be placed.</translation>
    </message>
    <message>
        <source>The head of household ({id}) is neither in this file nor registered: add the head's row.</source>
        <translation>The head of household ({id}) is neither in this file nor registered: add the head's row.</translation>
    </message>
    <message>
        <source>Registered at “{address}” (grid {code}); an import does not move people between households.</source>
        <translation>Registered at “{address}” (grid {code}); an import does not move people between households.</translation>
    </message>
    <message>
        <source>Records were saved since the preview and it no longer holds. Preview the file again; nothing was imported.</source>
        <translation>Records were saved since the preview and it no longer holds. Preview the file again; nothing was imported.</translation>
    </message>
    <message>
        <source>This preview has already been imported.</source>
        <translation>This preview has already been imported.</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was written.</source>
        <translation>The import was cancelled; nothing was written.</translation>
    </message>
    <message>
        <source>The report {path} cannot be written: another program (Excel or WPS?) has it open, or the folder is read-only. Close it or choose another name.</source>
        <translation>The report {path} cannot be written: another program (Excel or WPS?) has it open, or the folder is read-only. Close it or choose another name.</translation>
    </message>
    <message>
        <source>The report {path} cannot be written: {error}</source>
        <translation>The report {path} cannot be written: {error}</translation>
    </message>
    <message>
        <source>Row in the roster</source>
        <translation>Row in the roster</translation>
    </message>
    <message>
        <source>Import verdict</source>
        <translation>Import verdict</translation>
    </message>
    <message>
        <source>Reason for rejection</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>New person</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Already registered</source>
        <translation>Already registered</translation>
    </message>
    <message>
        <source>Duplicate in the file</source>
        <translation>Duplicate in the file</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Skipped row</source>
        <translation>Skipped row</translation>
    </message>
    <message>
        <source>No row was rejected.</source>
        <translation>No row was rejected.</translation>
    </message>
    <message>
        <source>The account is unknown or disabled at the community office.</source>
        <translation>The account is unknown or disabled at the community office.</translation>
    </message>
    <message>
        <source>There is no open conflict with this number.</source>
        <translation>There is no open conflict with this number.</translation>
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
        <source>{file}: {rows} rows: {new} new, {update} updated, {unchanged} already registered, {duplicate} duplicates, {error} errors, {skipped} skipped; {households} new households.</source>
        <translation>{file}: {rows} rows: {new} new, {update} updated, {unchanged} already registered, {duplicate} duplicates, {error} errors, {skipped} skipped; {households} new households.</translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>Dry run: nothing was written.</translation>
    </message>
    <message>
        <source>Imported: {persons} new persons, {updated} persons updated, {households} new households, {tags} categories added.</source>
        <translation>Imported: {persons} new persons, {updated} persons updated, {households} new households, {tags} categories added.</translation>
    </message>
    <message>
        <source>Nothing to write: every accepted row is already registered as it is.</source>
        <translation>Nothing to write: every accepted row is already registered as it is.</translation>
    </message>
    <message>
        <source>Nothing could be imported.</source>
        <translation>Nothing could be imported.</translation>
    </message>
    <message>
        <source>Rejected rows and their reasons: {path}</source>
        <translation>Rejected rows and their reasons: {path}</translation>
    </message>
    <message>
        <source>Sheet “{sheet}”, row {row} ({verdict}): {reason}</source>
        <translation>Sheet “{sheet}”, row {row} ({verdict}): {reason}</translation>
    </message>
    <message>
        <source>… and {count} more (--report writes them all to a workbook).</source>
        <translation>… and {count} more (--report writes them all to a workbook).</translation>
    </message>
    <message>
        <source>Give the password on standard input (--password-stdin).</source>
        <translation>Give the password on standard input (--password-stdin).</translation>
    </message>
    <message>
        <source>The password read from standard input is empty.</source>
        <translation>The password read from standard input is empty.</translation>
    </message>
    <message>
        <source>--certfile and --keyfile go together.</source>
        <translation>--certfile and --keyfile go together.</translation>
    </message>
    <message>
        <source>User {username} ({role}) added.</source>
        <translation>User {username} ({role}) added.</translation>
    </message>
    <message>
        <source>User {username} disabled; their sessions end now.</source>
        <translation>User {username} disabled; their sessions end now.</translation>
    </message>
    <message>
        <source>User {username} enabled.</source>
        <translation>User {username} enabled.</translation>
    </message>
    <message>
        <source>User {username} now works on: {grids}.</source>
        <translation>User {username} now works on: {grids}.</translation>
    </message>
    <message>
        <source>Password of {username} changed.</source>
        <translation>Password of {username} changed.</translation>
    </message>
    <message>
        <source>There is no device {device}.</source>
        <translation>There is no device {device}.</translation>
    </message>
    <message>
        <source>Device {device} revoked.</source>
        <translation>Device {device} revoked.</translation>
    </message>
    <message>
        <source>Synced with {server}: sent {sent} (applied {applied}, merged {merged}, conflicts {conflicts}, rejected {rejected}); received {received}; {pending} still to send.</source>
        <translation>Synced with {server}: sent {sent} (applied {applied}, merged {merged}, conflicts {conflicts}, rejected {rejected}); received {received}; {pending} still to send.</translation>
    </message>
    <message>
        <source>A full re-sync of your grids was done ({reason}).</source>
        <translation>A full re-sync of your grids was done ({reason}).</translation>
    </message>
    <message>
        <source>The data on this computer still differs from the office's; sync again.</source>
        <translation>The data on this computer still differs from the office's; sync again.</translation>
    </message>
    <message>
        <source>Which office server? Give it once with --server URL (e.g. https://office:8765).</source>
        <translation>Which office server? Give it once with --server URL (e.g. https://office:8765).</translation>
    </message>
    <message>
        <source>Sign in once: luzsong-grid sync --server URL --user NAME --password-stdin</source>
        <translation>Sign in once: luzsong-grid sync --server URL --user NAME --password-stdin</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>The password needs at least 8 characters.</translation>
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
    <message>
        <source>This file is not a luzsong-grid sync bundle, or it is damaged: {path}</source>
        <translation>This file is not a luzsong-grid sync bundle, or it is damaged: {path}</translation>
    </message>
    <message>
        <source>The sync bundle was changed after it was written; it was not imported.</source>
        <translation>The sync bundle was changed after it was written; it was not imported.</translation>
    </message>
    <message>
        <source>The sync bundle comes from a laptop this office does not know (or has blocked); it was not imported.</source>
        <translation>The sync bundle comes from a laptop this office does not know (or has blocked); it was not imported.</translation>
    </message>
    <message>
        <source>The sync bundle belongs to another community office; it was not imported.</source>
        <translation>The sync bundle belongs to another community office; it was not imported.</translation>
    </message>
    <message>
        <source>The sync bundle was made for another laptop; it was not imported.</source>
        <translation>The sync bundle was made for another laptop; it was not imported.</translation>
    </message>
    <message>
        <source>This sync bundle goes the other way (laptop ↔ office); it was not imported.</source>
        <translation>This sync bundle goes the other way (laptop ↔ office); it was not imported.</translation>
    </message>
    <message>
        <source>This sync bundle is older than what the laptop already has, or misses changes before it. Ask the office for a new one.</source>
        <translation>This sync bundle is older than what the laptop already has, or misses changes before it. Ask the office for a new one.</translation>
    </message>
    <message>
        <source>This laptop is not registered with the office for USB sync yet.</source>
        <translation>This laptop is not registered with the office for USB sync yet.</translation>
    </message>
    <message>
        <source>The key file {path} is damaged, so the database cannot be unlocked. Restore the data folder from a copy, or ask the community office.</source>
        <translation>The key file {path} is damaged, so the database cannot be unlocked. Restore the data folder from a copy, or ask the community office.</translation>
    </message>
    <message>
        <source>The key file {path} could not be written: {error}</source>
        <translation>The key file {path} could not be written: {error}</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>Dispute party</source>
        <translation>Dispute party</translation>
    </message>
    <message>
        <source>Dispute step</source>
        <translation>Dispute step</translation>
    </message>
    <message>
        <source>Follow-up visit</source>
        <translation>Follow-up visit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Event step</source>
        <translation>Event step</translation>
    </message>
    <message>
        <source>Person's category</source>
        <translation>Person's category</translation>
    </message>
    <message>
        <source>Household's category</source>
        <translation>Household's category</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Account's grid</source>
        <translation>Account's grid</translation>
    </message>
    <message>
        <source>Visit rule</source>
        <translation>Visit rule</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Catalogues</source>
        <translation>Catalogues</translation>
    </message>
    <message>
        <source>Demo district</source>
        <translation>Demo district</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>Event no.</source>
        <translation>Event no.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>Visited at</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Done on</source>
        <translation>Done on</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>Due on</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Moved out</source>
        <translation>Moved out</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
</TS>