<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>moved on</source>
        <translation>流转</translation>
    </message>
    <message>
        <source>revealed a number</source>
        <translation>查看完整号码</translation>
    </message>
    <message>
        <source>catalogues loaded</source>
        <translation>载入目录</translation>
    </message>
    <message>
        <source>demo data made</source>
        <translation>生成演示数据</translation>
    </message>
    <message>
        <source> (synced)</source>
        <translation>（同步）</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Filter by person, record or change…</source>
        <translation>按操作人、记录或变更内容筛选…</translation>
    </message>
    <message>
        <source>Newest first. ID and phone numbers are stored masked in the log.</source>
        <translation>最新的在前。日志中的身份证号和电话号码均已脱敏保存。</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <source>No data</source>
        <translation>暂无数据</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Working out the numbers…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访次数</translation>
    </message>
    <message>
        <source>Households visited</source>
        <translation>走访户数</translation>
    </message>
    <message>
        <source>Services given</source>
        <translation>服务次数</translation>
    </message>
    <message>
        <source>Disputes accepted</source>
        <translation>受理纠纷</translation>
    </message>
    <message>
        <source>Disputes resolved</source>
        <translation>调解成功</translation>
    </message>
    <message>
        <source>Events reported</source>
        <translation>上报事件</translation>
    </message>
    <message>
        <source>Events closed</source>
        <translation>办结事件</translation>
    </message>
    <message>
        <source>Events closed on time</source>
        <translation>按时办结</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>当前逾期</translation>
    </message>
    <message>
        <source>key-group visits</source>
        <translation>重点人员未按时走访</translation>
    </message>
    <message>
        <source>household visits</source>
        <translation>户未按时走访</translation>
    </message>
    <message>
        <source>disputes past deadline</source>
        <translation>纠纷超过办理期限</translation>
    </message>
    <message>
        <source>events past deadline</source>
        <translation>事件超过办理时限</translation>
    </message>
    <message>
        <source>Visits per week, last 12 weeks</source>
        <translation>近 12 周每周走访次数</translation>
    </message>
    <message>
        <source>Disputes accepted this month, by type</source>
        <translation>本月受理纠纷（按类型）</translation>
    </message>
    <message>
        <source>This month (%1 to %2) compared with last month (%3 to %4)</source>
        <translation>本月（%1 至 %2）与上月（%3 至 %4）对比</translation>
    </message>
    <message>
        <source>Last month %1  %2 %3</source>
        <translation>上月 %1  %2 %3</translation>
    </message>
    <message>
        <source>Key groups visited as required this month: %1 of %2 persons</source>
        <translation>本月重点人群按要求走访：%1（共 %2 人）</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Each point is one week, labelled with its Monday.</source>
        <translation>每个点为一周，标注该周周一的日期。</translation>
    </message>
</context>
<context>
    <name>DisputeLedgerModel</name>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>调处结果</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案件编号</translation>
    </message>
</context>
<context>
    <name>DisputeStepModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <source>New dispute…</source>
        <translation>登记纠纷…</translation>
    </message>
    <message>
        <source>Party's name or case no.</source>
        <translation>当事人姓名或案件编号</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Choose a dispute in the ledger.</source>
        <translation>请在台账中选择一件纠纷。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>People involved</source>
        <translation>涉及人数</translation>
    </message>
    <message>
        <source>Amount involved</source>
        <translation>涉及金额</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>重大纠纷</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>简要情况</translation>
    </message>
    <message>
        <source>Measures taken</source>
        <translation>已采取措施</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>责任单位及责任人</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>调处结果</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>调解方式</translation>
    </message>
    <message>
        <source>Concluded on</source>
        <translation>办结日期</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <source>Performance deadline</source>
        <translation>履行期限</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Show full ID number</source>
        <translation>显示完整身份证号</translation>
    </message>
    <message>
        <source>Show full phone</source>
        <translation>显示完整电话</translation>
    </message>
    <message>
        <source>Choose a party first. Each reveal is recorded.</source>
        <translation>请先选择当事人。每次查看都会被记录。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>Follow-up visits</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Record follow-up…</source>
        <translation>登记回访…</translation>
    </message>
    <message>
        <source>Schedule follow-up…</source>
        <translation>安排回访…</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Yes, no. %1</source>
        <translation>有，编号 %1</translation>
    </message>
    <message>
        <source>Mediate again</source>
        <translation>重新调解</translation>
    </message>
    <message>
        <source>Start mediation</source>
        <translation>开始调解</translation>
    </message>
    <message>
        <source>Mediated successfully…</source>
        <translation>调解成功…</translation>
    </message>
    <message>
        <source>Mediation failed…</source>
        <translation>调解失败…</translation>
    </message>
    <message>
        <source>Refer…</source>
        <translation>移交…</translation>
    </message>
    <message>
        <source>Close the case</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Record the follow-up visit first.</source>
        <translation>请先登记回访。</translation>
    </message>
    <message>
        <source>Close after the follow-up visit.</source>
        <translation>回访后方可结案。</translation>
    </message>
    <message>
        <source>This case is closed.</source>
        <translation>本案已结案。</translation>
    </message>
    <message>
        <source>Choose a party first.</source>
        <translation>请先选择当事人。</translation>
    </message>
</context>
<context>
    <name>DueModel</name>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%1's household</source>
        <translation>%1户</translation>
    </message>
    <message numerus="yes">
        <source>every %n day(s)</source>
        <translation>
            <numerusform>每 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Ordinary household</source>
        <translation>普通户</translation>
    </message>
    <message>
        <source>Tagged person</source>
        <translation>标签人员</translation>
    </message>
</context>
<context>
    <name>EventListModel</name>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Event no.</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
</context>
<context>
    <name>EventModel</name>
    <message>
        <source>Event no.</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>简要情况</translation>
    </message>
</context>
<context>
    <name>EventStepDialog</name>
    <message>
        <source>Event %1: %2</source>
        <translation>事件 %1：%2</translation>
    </message>
    <message>
        <source>Dispatch to</source>
        <translation>派遣至</translation>
    </message>
    <message>
        <source>New deadline</source>
        <translation>新的期限</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>EventStepModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Report an event…</source>
        <translation>上报事件…</translation>
    </message>
    <message>
        <source>Event no., place or description</source>
        <translation>事件编号、地点或描述</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Any urgency</source>
        <translation>全部紧急程度</translation>
    </message>
    <message>
        <source>Choose an event in the list.</source>
        <translation>请在列表中选择一个事件。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>上报人</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>History</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>网格事件</translation>
    </message>
    <message>
        <source>(extended from %1)</source>
        <translation>（原期限 %1，已延期）</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Under supervision</source>
        <translation>督办中</translation>
    </message>
    <message>
        <source>Resubmit</source>
        <translation>重新上报</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Dispatch…</source>
        <translation>派遣…</translation>
    </message>
    <message>
        <source>Sign for</source>
        <translation>签收</translation>
    </message>
    <message>
        <source>Verification failed: handle again</source>
        <translation>核查未通过，重新处置</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Give feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Resolved on the spot</source>
        <translation>自办自结</translation>
    </message>
    <message>
        <source>Cancel the event</source>
        <translation>注销事件</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Extend deadline…</source>
        <translation>延期…</translation>
    </message>
    <message>
        <source>Supervise…</source>
        <translation>督办…</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <source>Work report (month, quarter or year)</source>
        <translation>网格工作报表（月报、季报或年报）</translation>
    </message>
    <message>
        <source>Visit ledger</source>
        <translation>走访台账</translation>
    </message>
    <message>
        <source>Dispute ledger</source>
        <translation>矛盾纠纷排查化解台账</translation>
    </message>
    <message>
        <source>Service ledger</source>
        <translation>网格服务台账</translation>
    </message>
    <message>
        <source>Event ledger</source>
        <translation>网格事件台账</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Q1 (January to March)</source>
        <translation>第一季度（1月至3月）</translation>
    </message>
    <message>
        <source>Q2 (April to June)</source>
        <translation>第二季度（4月至6月）</translation>
    </message>
    <message>
        <source>Q3 (July to September)</source>
        <translation>第三季度（7月至9月）</translation>
    </message>
    <message>
        <source>Q4 (October to December)</source>
        <translation>第四季度（10月至12月）</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Street / town</source>
        <translation>街道（镇）</translation>
    </message>
    <message>
        <source>Community / village</source>
        <translation>社区（村）</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Show full ID and phone numbers</source>
        <translation>显示完整身份证号和联系电话</translation>
    </message>
    <message>
        <source>Off: ID and phone numbers are masked. On: the file holds full numbers; the export is recorded in the audit log. Keep such a file safe and delete it after use.</source>
        <translation>不勾选：身份证号和联系电话脱敏。勾选：文件含完整号码，本次导出将记入审计日志；请妥善保管此类文件，用后及时删除。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Whole district (%1)</source>
        <translation>全区（%1）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>All communities of the street</source>
        <translation>本街道全部社区</translation>
    </message>
    <message>
        <source>All my grids</source>
        <translation>我的全部网格</translation>
    </message>
    <message>
        <source>All grids of the community</source>
        <translation>本社区全部网格</translation>
    </message>
    <message>
        <source>Save the Excel file as</source>
        <translation>Excel 文件另存为</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>请选择文件的保存位置。</translation>
    </message>
    <message>
        <source>%1 already exists. Click Export again to replace it.</source>
        <translation>%1 已存在。再次点击“导出”将替换它。</translation>
    </message>
    <message>
        <source>Nil report saved (nothing was recorded in the period): %1</source>
        <translation>零报告已保存（本时段无任何记录）：%1</translation>
    </message>
    <message numerus="yes">
        <source>Report saved (%n grid(s)): %1</source>
        <translation>
            <numerusform>报表已保存（%n 个网格）：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ledger saved (%n record(s)): %1</source>
        <translation>
            <numerusform>台账已保存（%n 条记录）：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up luzsong-grid</source>
        <translation>设置芦淞区网格员工作台</translation>
    </message>
</context>
<context>
    <name>FollowupDialog</name>
    <message>
        <source>Record follow-up visit</source>
        <translation>登记回访</translation>
    </message>
    <message>
        <source>Dispute %1, follow-up due %2</source>
        <translation>纠纷 %1，应于 %2 回访</translation>
    </message>
    <message>
        <source>Visited on</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>The agreement is being performed</source>
        <translation>协议已按约履行</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Not satisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>e.g. none; may flare up again</source>
        <translation>如：无；存在反复可能</translation>
    </message>
    <message>
        <source>Remaining risk</source>
        <translation>遗留风险</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>FollowupModel</name>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Not satisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Performed</source>
        <translation>已履行</translation>
    </message>
    <message>
        <source>Not performed</source>
        <translation>未履行</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Remaining risk</source>
        <translation>遗留风险</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进事项</translation>
    </message>
    <message>
        <source>Who / case</source>
        <translation>对象/编号</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Visit follow-up</source>
        <translation>走访跟进</translation>
    </message>
    <message>
        <source>Dispute follow-up visit</source>
        <translation>纠纷回访</translation>
    </message>
    <message>
        <source>Event deadline</source>
        <translation>事件期限</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <source>Edit household</source>
        <translation>修改住户</translation>
    </message>
    <message>
        <source>Add household</source>
        <translation>新增住户</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>e.g. 馨园花园13栋3单元202室</source>
        <translation>例如：馨园花园13栋3单元202室</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Leave empty to keep %1</source>
        <translation>留空则保留 %1</translation>
    </message>
    <message>
        <source>Mobile, or a 0731 landline</source>
        <translation>手机号，或 0731 固定电话</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Household tags</source>
        <translation>住户标签</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter the address.</source>
        <translation>请填写地址。</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>走访到期</translation>
    </message>
    <message>
        <source>Household no. %1</source>
        <translation>户号 %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未走访</translation>
    </message>
    <message>
        <source>Next visit due on %1</source>
        <translation>下次走访应在 %1 前</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>自 %1 起逾期</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>%1 到期</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>Search: name, pinyin initials, ID or phone digits, address</source>
        <translation>搜索：姓名、拼音首字母、身份证或电话号码片段、地址</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>只看逾期</translation>
    </message>
    <message>
        <source>Add household</source>
        <translation>新增住户</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>从 Excel 导入…</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户籍人口</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Choose a household from the list, or search for a person or an address.</source>
        <translation>请在左侧列表中选择住户，或搜索姓名、地址。</translation>
    </message>
    <message>
        <source>Log visit</source>
        <translation>登记走访</translation>
    </message>
    <message>
        <source>Edit household</source>
        <translation>修改住户</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>新增成员</translation>
    </message>
    <message>
        <source>Edit person</source>
        <translation>修改成员</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>查看完整号码</translation>
    </message>
    <message>
        <source>Show a member's full ID or phone number (recorded in the audit log)</source>
        <translation>查看所选成员的完整身份证号或电话（将记入审计日志）</translation>
    </message>
    <message>
        <source>Full ID number</source>
        <translation>完整身份证号</translation>
    </message>
    <message>
        <source>Full phone number</source>
        <translation>完整电话号码</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现情况</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>简要情况</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Event no.</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Visit history</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>网格事件</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>All my grids</source>
        <translation>我的全部网格</translation>
    </message>
    <message>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message numerus="yes">
        <source>%n household(s)</source>
        <translation>
            <numerusform>共 %n 户</numerusform>
        </translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>找到 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found for “%1”.</source>
        <translation>没有找到“%1”。</translation>
    </message>
    <message>
        <source>That household no longer exists.</source>
        <translation>该住户已不存在。</translation>
    </message>
    <message>
        <source>That household is outside your area.</source>
        <translation>该住户不在您的辖区内。</translation>
    </message>
    <message>
        <source>Household no. %1</source>
        <translation>户号 %1</translation>
    </message>
    <message>
        <source>Phone %1</source>
        <translation>电话 %1</translation>
    </message>
    <message>
        <source>Household tags: %1</source>
        <translation>住户标签：%1</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>deceased</source>
        <translation>已故</translation>
    </message>
    <message>
        <source>moved out</source>
        <translation>已迁出</translation>
    </message>
    <message>
        <source>Voided (corrected by a later record)</source>
        <translation>已作废（已由后来的记录更正）</translation>
    </message>
    <message>
        <source>Visit overdue since %1</source>
        <translation>走访自 %1 起逾期</translation>
    </message>
    <message>
        <source>Next visit due by %1</source>
        <translation>下次走访应在 %1 前完成</translation>
    </message>
    <message>
        <source>Choose a member first.</source>
        <translation>请先选择一名成员。</translation>
    </message>
    <message>
        <source>Logging visits is not available yet.</source>
        <translation>登记走访功能暂未提供。</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <source>Overdue only</source>
        <translation>只看逾期</translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 条逾期</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lusong Grid Worker's Desk</source>
        <translation>芦淞区网格员工作台</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Export a report or ledger to Excel…</source>
        <translation>导出报表或台账到 Excel…</translation>
    </message>
    <message>
        <source>Import households from Excel…</source>
        <translation>从 Excel 导入户籍花名册…</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>community staff</source>
        <translation>社区工作人员</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>督导</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message numerus="yes">
        <source>Not yet synced: %n change(s)</source>
        <translation>
            <numerusform>待同步：%n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Lusong Grid Worker's Desk&lt;/b&gt; %1&lt;br&gt;For the grid workers of Lusong District, Zhuzhou.&lt;br&gt;&lt;br&gt;Data folder: %2&lt;br&gt;Log files: %3&lt;br&gt;Device: %4</source>
        <translation>&lt;b&gt;芦淞区网格员工作台&lt;/b&gt; %1&lt;br&gt;服务株洲市芦淞区网格员。&lt;br&gt;&lt;br&gt;数据文件夹：%2&lt;br&gt;日志文件：%3&lt;br&gt;设备：%4</translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. Nothing you saved is lost. The details are in %1.</source>
        <translation>程序出现了意外错误。已保存的内容不会丢失。详细信息记录在 %1。</translation>
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
        <translation>纠纷 %1：转为“%2”</translation>
    </message>
    <message>
        <source>A mediation agreement was signed</source>
        <translation>已签订调解协议</translation>
    </message>
    <message>
        <source>e.g. (2026) 建设调字第012号</source>
        <translation>如：（2026）建设调字第012号</translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation>履行期限至</translation>
    </message>
    <message>
        <source>Concluded on</source>
        <translation>办结日期</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>调解方式</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>调解协议</translation>
    </message>
    <message>
        <source>Agreement no.</source>
        <translation>协议编号</translation>
    </message>
    <message>
        <source>Performance deadline</source>
        <translation>履行期限</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Enter the agreement's number.</source>
        <translation>请填写协议编号。</translation>
    </message>
</context>
<context>
    <name>NewDisputeDialog</name>
    <message>
        <source>New dispute</source>
        <translation>登记纠纷</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Who, what happened, what each side wants</source>
        <translation>当事人、事情经过、各方诉求</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>简要情况</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Major dispute</source>
        <translation>重大纠纷</translation>
    </message>
    <message>
        <source>People involved</source>
        <translation>涉及人数</translation>
    </message>
    <message>
        <source>Amount involved</source>
        <translation>涉及金额</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>责任单位及责任人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Add a party</source>
        <translation>添加当事人</translation>
    </message>
    <message>
        <source>Remove the selected party</source>
        <translation>删除所选当事人</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>办结期限：%1</translation>
    </message>
    <message>
        <source>Party %1: %2</source>
        <translation>当事人 %1：%2</translation>
    </message>
    <message>
        <source>Enter the party's name.</source>
        <translation>请填写当事人姓名。</translation>
    </message>
    <message>
        <source>Enter at least one party.</source>
        <translation>请至少填写一名当事人。</translation>
    </message>
    <message>
        <source>Describe the dispute.</source>
        <translation>请填写纠纷简要情况。</translation>
    </message>
    <message>
        <source>It cannot be accepted before it was found.</source>
        <translation>受理日期不能早于发现日期。</translation>
    </message>
</context>
<context>
    <name>PartyModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Edit person</source>
        <translation>修改成员</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>新增成员</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>18 characters; leave empty to keep %1</source>
        <translation>18 位；留空则保留 %1</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18 位</translation>
    </message>
    <message>
        <source>Open the existing person</source>
        <translation>打开已登记的人员</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 1960-05-01</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Leave empty to keep %1</source>
        <translation>留空则保留 %1</translation>
    </message>
    <message>
        <source>Mobile, or a 0731 landline</source>
        <translation>手机号，或 0731 固定电话</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Relation to the head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <source>Ethnic group</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Risk level (0-5)</source>
        <translation>危险性评估等级（0-5）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 of 18 characters</source>
        <translation>已输入 %1 位，共 18 位</translation>
    </message>
    <message>
        <source>Born %1 · %2 · %3 years old</source>
        <translation>出生于 %1 · %2 · %3 岁</translation>
    </message>
    <message>
        <source>Already registered for %1.</source>
        <translation>该身份证号已登记为 %1。</translation>
    </message>
    <message>
        <source>Write the date as YYYY-MM-DD.</source>
        <translation>日期请写成 年-月-日，如 1960-05-01。</translation>
    </message>
    <message>
        <source>Enter the name.</source>
        <translation>请填写姓名。</translation>
    </message>
</context>
<context>
    <name>ReportEventDialog</name>
    <message>
        <source>Report an event</source>
        <translation>上报事件</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>What is the problem, since when, who is affected</source>
        <translation>什么问题、从何时开始、影响到谁</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Address or resident's name (optional)</source>
        <translation>地址或居民姓名（可不填）</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>(no household)</source>
        <translation>（不关联住户）</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Choose a photo…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>(no photo)</source>
        <translation>（无照片）</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>(not in the list)</source>
        <translation>（不在列表中）</translation>
    </message>
    <message>
        <source>suggested: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <source>to be handled by %1 (within %2 hours)</source>
        <translation>应于 %1 前处置（%2 小时内）</translation>
    </message>
    <message>
        <source>No household found in this grid.</source>
        <translation>本网格中未找到该住户。</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
    <message>
        <source>Describe the event.</source>
        <translation>请填写事件描述。</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import households from Excel</source>
        <extracomment>Tables an import writes: pages showing them refresh.</extracomment>
        <translation>从 Excel 导入户籍花名册</translation>
    </message>
    <message>
        <source>A roster (花名册) in .xlsx or .xls</source>
        <translation>花名册（.xlsx 或 .xls 文件）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>for rows whose 所属网格 cell is empty</source>
        <translation>用于“所属网格”为空的行</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Check the file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Rejected rows (errors and duplicates)</source>
        <translation>被拒绝的行（错误和重复）</translation>
    </message>
    <message>
        <source>New persons</source>
        <translation>新增人员</translation>
    </message>
    <message>
        <source>Updated persons</source>
        <translation>更新人员</translation>
    </message>
    <message>
        <source>Already registered</source>
        <translation>已登记，无变化</translation>
    </message>
    <message>
        <source>Skipped rows</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <source>Save error report…</source>
        <translation>保存错误报告…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>(none: every row names its grid)</source>
        <translation>（不指定：每行自带所属网格）</translation>
    </message>
    <message>
        <source>Choose a roster</source>
        <translation>选择花名册</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx *.xls)</source>
        <translation>Excel 工作簿 (*.xlsx *.xls)</translation>
    </message>
    <message>
        <source>Check the file again.</source>
        <translation>请重新检查文件。</translation>
    </message>
    <message>
        <source>Choose the roster file first.</source>
        <translation>请先选择花名册文件。</translation>
    </message>
    <message>
        <source>%1_rejected_rows.xlsx</source>
        <translation>%1_错误行.xlsx</translation>
    </message>
    <message>
        <source>Save the rejected rows as</source>
        <translation>被拒绝的行另存为</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message numerus="yes">
        <source>%n rejected row(s) saved with their reasons: %1</source>
        <translation>
            <numerusform>已保存 %n 个被拒绝的行及原因：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Sheet “%1”, row %2: %3</source>
        <translation>工作表“%1”第 %2 行：%3</translation>
    </message>
    <message>
        <source>Sheet “%1”, row %2</source>
        <translation>工作表“%1”第 %2 行</translation>
    </message>
    <message>
        <source>The file names each row's grid (所属网格).</source>
        <translation>文件中每行都注明了所属网格。</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Nothing to import</source>
        <translation>没有可导入的行</translation>
    </message>
    <message numerus="yes">
        <source>Import %n row(s)</source>
        <translation>
            <numerusform>导入 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Checking the rows…</source>
        <translation>正在检查各行…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>RosterPreviewModel</name>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Reason or note</source>
        <translation>原因或备注</translation>
    </message>
</context>
<context>
    <name>ScheduleFollowupDialog</name>
    <message>
        <source>Schedule a follow-up visit</source>
        <translation>安排回访</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>应回访日期</translation>
    </message>
</context>
<context>
    <name>SettingsModels</name>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Visit every (days)</source>
        <translation>走访间隔（天）</translation>
    </message>
    <message>
        <source>Risk level from</source>
        <translation>风险等级下限</translation>
    </message>
    <message>
        <source>Risk level up to</source>
        <translation>风险等级上限</translation>
    </message>
    <message>
        <source>Age from</source>
        <translation>年龄下限</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Visit rules</source>
        <translation>走访规则</translation>
    </message>
    <message>
        <source>Catalogues</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Only community staff and administrators can change these; you can read them.</source>
        <translation>只有社区工作人员和管理员可以修改，您可以查看。</translation>
    </message>
    <message>
        <source>How often each group must be visited. A person with several tags is visited at the shortest interval that applies. The rules are shared by every computer of the district once synced.</source>
        <translation>各类人群的走访频次。一人有多个标签时，按适用的最短间隔走访。规则同步后全区各台电脑通用。</translation>
    </message>
    <message>
        <source>Households without such a tag: visit every</source>
        <translation>无上述标签的普通户：每隔</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Catalogue:</source>
        <translation>目录：</translation>
    </message>
    <message>
        <source>Dispute types</source>
        <translation>纠纷类型</translation>
    </message>
    <message>
        <source>Dispute sources</source>
        <translation>纠纷来源</translation>
    </message>
    <message>
        <source>Mediation results</source>
        <translation>调解结果</translation>
    </message>
    <message>
        <source>Mediation methods</source>
        <translation>调解方式</translation>
    </message>
    <message>
        <source>Roles of parties</source>
        <translation>当事人身份</translation>
    </message>
    <message>
        <source>Service types</source>
        <translation>服务类型</translation>
    </message>
    <message>
        <source>Kinds of visit</source>
        <translation>走访方式</translation>
    </message>
    <message>
        <source>Visit findings</source>
        <translation>走访发现</translation>
    </message>
    <message>
        <source>Relations to the head of household</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <source>Codes never change: records refer to them. An entry no longer used is switched off, not deleted, so old records keep their meaning.</source>
        <translation>代码不能修改：记录引用的是代码。不再使用的条目只停用、不删除，旧记录的含义保持不变。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>The window locks after this long without use; the password opens it again.</source>
        <translation>无操作超过该时间后窗口自动锁定，输入密码即可解锁。</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>自动锁定</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Database size</source>
        <translation>数据库大小</translation>
    </message>
    <message>
        <source>Log files</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <source>Visit rules saved.</source>
        <translation>走访规则已保存。</translation>
    </message>
    <message>
        <source>Catalogue saved.</source>
        <translation>目录已保存。</translation>
    </message>
    <message>
        <source>The new language is used the next time the app starts.</source>
        <translation>新语言将在下次启动程序时生效。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Screen locked. Enter your password to go on.</source>
        <translation>屏幕已锁定。请输入密码继续。</translation>
    </message>
    <message>
        <source>Lusong District grid work</source>
        <translation>芦淞区网格化服务管理</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Only needed the first time</source>
        <translation>仅首次需要</translation>
    </message>
    <message>
        <source>Office server</source>
        <translation>办公室服务器</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>My changes that need attention</source>
        <translation>需要处理的本机修改</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Office review queue</source>
        <translation>办公室待审队列</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未同步</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Keep the office's version</source>
        <translation>保留办公室的版本</translation>
    </message>
    <message>
        <source>Apply the laptop's change</source>
        <translation>采用笔记本上的修改</translation>
    </message>
    <message>
        <source>Decided.</source>
        <translation>已处理。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Sent %1, received %2. Conflicts: %3, refused: %4.</source>
        <translation>已发送 %1 条，已接收 %2 条。冲突 %3 条，被拒绝 %4 条。</translation>
    </message>
    <message>
        <source>Cancelled. Nothing is lost; the rest goes at the next sync.</source>
        <translation>已取消。数据没有丢失，剩余内容将在下次同步时发送。</translation>
    </message>
</context>
<context>
    <name>TodayModels</name>
    <message>
        <source>never</source>
        <translation>从未走访</translation>
    </message>
    <message>
        <source>%n day(s) overdue</source>
        <translation>逾期 %n 天</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>due in %n day(s)</source>
        <translation>%n 天后到期</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Visits due</source>
        <translation>待走访</translation>
    </message>
    <message>
        <source>No visits are due this week.</source>
        <translation>本周没有到期的走访。</translation>
    </message>
    <message>
        <source>Enter: visited now (routine) · Shift+Enter: log the visit in detail</source>
        <translation>回车：已走访（常规走访）· Shift+回车：详细登记走访</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>待跟进</translation>
    </message>
    <message>
        <source>No follow-ups due this week.</source>
        <translation>本周没有到期的跟进事项。</translation>
    </message>
    <message>
        <source>My open events</source>
        <translation>我上报的未结事件</translation>
    </message>
    <message>
        <source>None of the events you reported is waiting.</source>
        <translation>您上报的事件都已办结。</translation>
    </message>
    <message>
        <source>Services today</source>
        <translation>今日服务</translation>
    </message>
    <message>
        <source>press a number key to count one service</source>
        <translation>按数字键记一次服务</translation>
    </message>
    <message>
        <source>The grid the services are counted for</source>
        <translation>服务计入的网格</translation>
    </message>
    <message>
        <source>Read only: your role sees the lists but logs nothing.</source>
        <translation>只读：您的角色可以查看清单，但不能登记。</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>逾期 %n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n past the deadline</source>
        <translation>
            <numerusform>超期 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Count one “%1” service</source>
        <translation>记一次“%1”服务</translation>
    </message>
    <message>
        <source>for %1</source>
        <translation>计入%1</translation>
    </message>
    <message>
        <source>no grid of yours to count for</source>
        <translation>您没有可计入的网格</translation>
    </message>
    <message>
        <source>for grid</source>
        <translation>计入网格</translation>
    </message>
    <message>
        <source>Read only: your role cannot count services.</source>
        <translation>只读：您的角色不能登记服务。</translation>
    </message>
    <message>
        <source>one “%1” service</source>
        <translation>一次“%1”服务</translation>
    </message>
    <message>
        <source>Counted %1 — Ctrl+Z undoes it</source>
        <translation>已记录%1 — 按 Ctrl+Z 撤销</translation>
    </message>
    <message>
        <source>Read only: your role cannot log visits.</source>
        <translation>只读：您的角色不能登记走访。</translation>
    </message>
    <message>
        <source>%1's household</source>
        <translation>%1户</translation>
    </message>
    <message>
        <source>visit to %1</source>
        <translation>对 %1 的走访</translation>
    </message>
    <message>
        <source>Visit logged: %1 — Ctrl+Z undoes it</source>
        <translation>已登记%1 — 按 Ctrl+Z 撤销</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>撤销%1</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
</context>
<context>
    <name>UndoStack</name>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Type a date like 2026-12-04, or +7 for a week after the visit.</source>
        <translation>请填写日期，如 2026-12-04；或填 +7 表示走访一周后。</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>登记走访</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>走访对象</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <source>What you saw and heard</source>
        <translation>所见所闻</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>情况记录</translation>
    </message>
    <message>
        <source>What you did or arranged</source>
        <translation>已采取或安排的措施</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>none — a date, or +7 for a week later</source>
        <translation>不需要可留空；填日期，或 +7 表示一周后</translation>
    </message>
    <message>
        <source>+7 days</source>
        <translation>+7天</translation>
    </message>
    <message>
        <source>Follow up a week after the visit (key +)</source>
        <translation>一周后跟进（按 + 键）</translation>
    </message>
    <message>
        <source>Follow up by</source>
        <translation>跟进日期</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>走访时间</translation>
    </message>
    <message>
        <source>Who came along (optional)</source>
        <translation>同行人员（可不填）</translation>
    </message>
    <message>
        <source>Companions</source>
        <translation>同行人员</translation>
    </message>
    <message>
        <source>Keys: 1-7 tick findings · + follow up in a week · Tab next field · Ctrl+Enter save · Esc cancel</source>
        <translation>快捷键：1-7 勾选发现问题 · + 一周后跟进 · Tab 下一项 · Ctrl+回车 保存 · Esc 取消</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存 (Ctrl+回车)</translation>
    </message>
    <message>
        <source>Your role can read records but not change them.</source>
        <translation>您的角色只能查看记录，不能修改。</translation>
    </message>
    <message>
        <source>%1 · head of household: %2</source>
        <translation>%1 · 户主：%2</translation>
    </message>
    <message>
        <source>The whole household</source>
        <translation>全户</translation>
    </message>
    <message>
        <source>visit to %1</source>
        <translation>对 %1 的走访</translation>
    </message>
    <message>
        <source>Visit saved: %1 — Ctrl+Z undoes it</source>
        <translation>已保存%1 — 按 Ctrl+Z 撤销</translation>
    </message>
</context>
<context>
    <name>_ChoicePage</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>Choose the language and how this computer starts.</source>
        <translation>请选择语言，以及这台电脑的开始方式。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Connect to the community office's server (grid workers)</source>
        <translation>连接社区办公室的服务器（网格员）</translation>
    </message>
    <message>
        <source>Start empty and create the first administrator (an office)</source>
        <translation>从空白开始，创建第一个管理员账号（办公室使用）</translation>
    </message>
    <message>
        <source>Load the demo district to try the app</source>
        <translation>载入演示辖区，试用本应用</translation>
    </message>
</context>
<context>
    <name>_DetailsPage</name>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Office server</source>
        <translation>办公室服务器</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The demo district (invented people) will be made on this computer. Demo accounts: worker, staff, supervisor, district, admin; password demo1234.</source>
        <translation>将在这台电脑上生成演示辖区（人员均为虚构）。演示账号：worker、staff、supervisor、district、admin，密码 demo1234。</translation>
    </message>
    <message>
        <source>This computer starts with an empty database and this administrator account.</source>
        <translation>这台电脑将以空数据库和此管理员账号开始。</translation>
    </message>
    <message>
        <source>Your grids are fetched from the office server with your account.</source>
        <translation>将使用您的账号从办公室服务器获取您负责网格的数据。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. Nothing you saved is lost. The details are in %1.</source>
        <translation>程序出现了意外错误。已保存的内容不会丢失。详细信息记录在 %1。</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>The key file of this computer's database is missing ({path}), so the database cannot be unlocked. Restore the data folder from a copy, or ask the community office.</source>
        <translation>本机数据库的密钥文件缺失（{path}），无法解锁数据库。请从副本恢复数据文件夹，或联系社区办公室。</translation>
    </message>
    <message>
        <source>Sign in first: the database is encrypted and has not been unlocked.</source>
        <translation>请先登录：数据库已加密，尚未解锁。</translation>
    </message>
    <message>
        <source>This account is disabled. Ask the community office.</source>
        <translation>该账号已停用，请联系社区办公室。</translation>
    </message>
    <message>
        <source>This account has no password on this computer yet. Ask the community office.</source>
        <translation>该账号在本机尚未设置密码，请联系社区办公室。</translation>
    </message>
    <message>
        <source>Catalogue file {file} is missing.</source>
        <translation>目录文件 {file} 不存在。</translation>
    </message>
    <message>
        <source>Catalogue file {file} cannot be read: {error}</source>
        <translation>无法读取目录文件 {file}：{error}</translation>
    </message>
    <message>
        <source>Catalogue file {file} is not valid TOML: {error}</source>
        <translation>目录文件 {file} 不是有效的 TOML 格式：{error}</translation>
    </message>
    <message>
        <source>Catalogue file {file}: unknown section or key "{key}".</source>
        <translation>目录文件 {file}：未知的节或键“{key}”。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: "{table}" must be a list of [[{table}]] entries.</source>
        <translation>目录文件 {file}：“{table}”必须写成 [[{table}]] 条目列表。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: there are no [[{table}]] entries.</source>
        <translation>目录文件 {file}：没有任何 [[{table}]] 条目。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: unknown field "{field}".</source>
        <translation>目录文件 {file}：{where}：未知字段“{field}”。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be non-empty text.</source>
        <translation>目录文件 {file}：{where}：字段“{field}”必须是非空文本。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be a whole number from {min} to {max}.</source>
        <translation>目录文件 {file}：{where}：字段“{field}”必须是 {min} 到 {max} 之间的整数。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be true or false.</source>
        <translation>目录文件 {file}：{where}：字段“{field}”必须是 true 或 false。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" must be one of {choices}.</source>
        <translation>目录文件 {file}：{where}：字段“{field}”必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: code "{code}" must be lower-case ASCII letters, digits and single underscores, start with a letter and be at most {max} characters long.</source>
        <translation>目录文件 {file}：{where}：代码“{code}”只能由小写英文字母、数字和单个下划线组成，以字母开头，且不超过 {max} 个字符。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: code "{code}" is used more than once in [[{table}]].</source>
        <translation>目录文件 {file}：代码“{code}”在 [[{table}]] 中重复使用。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: field "{field}" refers to unknown code "{ref}".</source>
        <translation>目录文件 {file}：{where}：字段“{field}”引用了不存在的代码“{ref}”。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: visit rule for unknown tag "{tag}".</source>
        <translation>目录文件 {file}：{where}：走访规则所指的标签“{tag}”不存在。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: tag "{tag}" has no "risk_level" attribute, so min_risk and max_risk cannot be used.</source>
        <translation>目录文件 {file}：{where}：标签“{tag}”没有“risk_level”属性，不能使用 min_risk 和 max_risk。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: another visit rule for tag "{tag}" has the same conditions.</source>
        <translation>目录文件 {file}：{where}：标签“{tag}”已有条件相同的另一条走访规则。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: "{low}" is greater than "{high}".</source>
        <translation>目录文件 {file}：{where}：“{low}”大于“{high}”。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: {where}: min and max are only allowed for attributes of type "int".</source>
        <translation>目录文件 {file}：{where}：只有“int”类型的属性才能设置 min 和 max。</translation>
    </message>
    <message>
        <source>Catalogue file {file}: keyboard key "{key}" is given to more than one service type.</source>
        <translation>目录文件 {file}：快捷键“{key}”被分配给了多个服务类型。</translation>
    </message>
    <message>
        <source>“{text}” is not a date (use 2026-11-27).</source>
        <translation>“{text}”不是有效日期（格式如 2026-11-27）。</translation>
    </message>
    <message>
        <source>There is no database in {path} yet. Run “luzsong-grid demo” or start the app first.</source>
        <translation>{path} 中还没有数据库。请先运行“luzsong-grid demo”或启动应用。</translation>
    </message>
    <message>
        <source>Something went wrong that should not have. The details are in {log}.</source>
        <translation>程序出现了意外错误，详细信息已记录在 {log}。</translation>
    </message>
    <message>
        <source>Demo district ready in {path}: {streets} streets/town, {communities} communities, {grids} grids, {households} households, {persons} persons.</source>
        <translation>演示辖区已生成于 {path}：{streets} 个街道/镇，{communities} 个社区/村，{grids} 个网格，{households} 户，{persons} 人。</translation>
    </message>
    <message>
        <source>Nothing found for “{text}”.</source>
        <translation>没有找到与“{text}”相关的结果。</translation>
    </message>
    <message>
        <source>Backed up to {path} ({size} KB), verified.</source>
        <translation>已备份到 {path}（{size} KB），并已校验。</translation>
    </message>
    <message>
        <source>Restored from {path}. The database it replaced is kept at {kept}.</source>
        <translation>已从 {path} 恢复。被替换的数据库保存在 {kept}。</translation>
    </message>
    <message>
        <source>The database is encrypted: sign in with --user NAME (the password is asked for), or set LUZSONG_GRID_USER and LUZSONG_GRID_PASSWORD.</source>
        <translation>数据库已加密：请用 --user 用户名 登录（随后会询问密码），或设置环境变量 LUZSONG_GRID_USER 和 LUZSONG_GRID_PASSWORD。</translation>
    </message>
    <message>
        <source>The password of {username} on this computer was changed.</source>
        <translation>已修改 {username} 在本机的密码。</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>Only an administrator can set another account's password on this computer.</source>
        <translation>只有管理员才能在本机设置其他账号的密码。</translation>
    </message>
    <message>
        <source>The database key file {path} cannot be used: it must hold 64 hexadecimal digits (make one with: openssl rand -hex 32).</source>
        <translation>数据库密钥文件 {path} 无法使用：它必须包含 64 位十六进制数字（可用 openssl rand -hex 32 生成）。</translation>
    </message>
    <message>
        <source>LUZSONG_GRID_DB_KEY_FILE encrypts a SQLite database only; protect a PostgreSQL server's disks instead.</source>
        <translation>LUZSONG_GRID_DB_KEY_FILE 只能加密 SQLite 数据库；PostgreSQL 服务器请改用磁盘加密保护。</translation>
    </message>
    <message>
        <source>This database already holds data (households, territory or accounts). Demo data can only be generated into a new, empty database: {path}</source>
        <translation>该数据库中已有数据（住户、辖区或账号）。演示数据只能生成到新的空数据库中：{path}</translation>
    </message>
    <message>
        <source>Creating the territory and accounts…</source>
        <translation>正在创建辖区和账号…</translation>
    </message>
    <message>
        <source>Creating households and residents: {done} of {total}…</source>
        <translation>正在创建住户和居民：{done}/{total}…</translation>
    </message>
    <message>
        <source>Creating a year of visits…</source>
        <translation>正在创建一年的走访记录…</translation>
    </message>
    <message>
        <source>Creating services, disputes and events…</source>
        <translation>正在创建网格服务、矛盾纠纷和事件记录…</translation>
    </message>
    <message>
        <source>Building the search index…</source>
        <translation>正在建立搜索索引…</translation>
    </message>
    <message>
        <source>Demo data ready: {households} households, {persons} residents.</source>
        <translation>演示数据已生成：{households} 户，{persons} 名居民。</translation>
    </message>
    <message>
        <source>This ID number was stored by Excel as a number and has lost its last digits. Format the cell as Text and type the number again.</source>
        <translation>该身份证号码被 Excel 当作数字保存，末几位已丢失。请把单元格格式设为“文本”后重新输入号码。</translation>
    </message>
    <message>
        <source>Enter the resident ID number.</source>
        <translation>请输入身份证号码。</translation>
    </message>
    <message>
        <source>An ID number may contain only digits, with an X allowed as the last character; this one contains “{chars}”.</source>
        <translation>身份证号码只能由数字组成，最后一位可以是 X；此号码含有“{chars}”。</translation>
    </message>
    <message>
        <source>An ID number has 18 characters; this one has {count}.</source>
        <translation>身份证号码应为 18 位，此号码为 {count} 位。</translation>
    </message>
    <message>
        <source>The birth date in the ID number ({digits}) is not a real date.</source>
        <translation>身份证号码中的出生日期（{digits}）不是有效日期。</translation>
    </message>
    <message>
        <source>The birth date in the ID number ({date}) is before 1880.</source>
        <translation>身份证号码中的出生日期（{date}）早于 1880 年。</translation>
    </message>
    <message>
        <source>The birth date in the ID number ({date}) is in the future.</source>
        <translation>身份证号码中的出生日期（{date}）晚于今天。</translation>
    </message>
    <message>
        <source>The ID number does not add up: with these first 17 digits the last character should be {expected}, not {actual}. Check every digit for typos.</source>
        <translation>身份证号码校验不通过：按前 17 位计算，最后一位应为 {expected}，而不是 {actual}。请逐位核对是否输错。</translation>
    </message>
    <message>
        <source>Enter a phone number.</source>
        <translation>请输入电话号码。</translation>
    </message>
    <message>
        <source>A phone number may contain only digits (spaces, dashes and a leading +86 are ignored); this one contains “{chars}”.</source>
        <translation>电话号码只能由数字组成（空格、短横线和开头的 +86 会被忽略）；此号码含有“{chars}”。</translation>
    </message>
    <message>
        <source>A mobile number has 11 digits; this one has {count}.</source>
        <translation>手机号码应为 11 位，此号码为 {count} 位。</translation>
    </message>
    <message>
        <source>A mobile number starts with 13 to 19, not {prefix}.</source>
        <translation>手机号码应以 13～19 开头，而不是 {prefix}。</translation>
    </message>
    <message>
        <source>A Zhuzhou landline has 8 digits after 0731; this one has {count}.</source>
        <translation>株洲固定电话在区号 0731 之后应为 8 位，此号码为 {count} 位。</translation>
    </message>
    <message>
        <source>Only Zhuzhou landlines (area code 0731) can be recorded; this number has another area code.</source>
        <translation>只能登记株洲固定电话（区号 0731）；此号码的区号不是 0731。</translation>
    </message>
    <message>
        <source>This is neither an 11-digit mobile number nor a Zhuzhou landline (0731 + 8 digits).</source>
        <translation>此号码既不是 11 位手机号码，也不是株洲固定电话（0731 + 8 位）。</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Mediating</source>
        <translation>调解中</translation>
    </message>
    <message>
        <source>Mediated successfully</source>
        <translation>调解成功</translation>
    </message>
    <message>
        <source>Mediation failed</source>
        <translation>调解失败</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>立案派遣</translation>
    </message>
    <message>
        <source>Signed for</source>
        <translation>签收</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Feedback given</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>Resolved on the spot</source>
        <translation>自办自结</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Extend deadline</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>dispute</source>
        <translation>纠纷</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>This {kind} is already “{current}” and can no longer be changed.</source>
        <translation>此{kind}已是“{current}”状态，不能再更改。</translation>
    </message>
    <message>
        <source>Cannot move this {kind} from “{current}” to “{new}”.</source>
        <translation>无法将此{kind}从“{current}”改为“{new}”。</translation>
    </message>
    <message>
        <source>“{action}” is only possible while an event is dispatched, signed for or handled; this event is “{status}”.</source>
        <translation>只有事件处于立案派遣、签收或处置状态时才能“{action}”；此事件当前为“{status}”。</translation>
    </message>
    <message>
        <source>“{text}” is not a period. Use a month (2026-10), a quarter (2026-Q3) or a year (2026).</source>
        <translation>“{text}”不是有效的统计期。请使用月份（2026-10）、季度（2026-Q3）或年份（2026）。</translation>
    </message>
    <message>
        <source>“{text}” is not a scope. Use district, street:NAME, community:NAME or grid:CODE.</source>
        <translation>“{text}”不是有效的统计范围。请使用 district、street:名称、community:名称 或 grid:编码。</translation>
    </message>
    <message>
        <source>No {kind} is called “{name}”.</source>
        <translation>找不到名为“{name}”的地方。</translation>
    </message>
    <message>
        <source>“{name}” matches several places: {matches}. Give the code instead.</source>
        <translation>“{name}”对应多个地方：{matches}。请改用编码。</translation>
    </message>
    <message>
        <source>The database is locked by another program. Close other copies of the app and try again.</source>
        <translation>数据库正被其他程序占用。请关闭其他正在运行的本应用后重试。</translation>
    </message>
    <message>
        <source>The data folder is read-only, so nothing can be saved: {path}</source>
        <translation>数据文件夹为只读，无法保存任何内容：{path}</translation>
    </message>
    <message>
        <source>The disk is full. Nothing was saved; free some space and try again.</source>
        <translation>磁盘已满，本次内容未保存。请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <source>The database file is damaged or is not a luzsong-grid database: {path}</source>
        <translation>数据库文件已损坏，或不是本应用的数据库：{path}</translation>
    </message>
    <message>
        <source>The database cannot be opened: {path}</source>
        <translation>无法打开数据库：{path}</translation>
    </message>
    <message>
        <source>This database was written by a newer version of luzsong-grid (schema {found}). Install the newer version; the database was not changed.</source>
        <translation>该数据库由较新版本的本应用创建（结构版本 {found}）。请安装新版本；数据库未作任何改动。</translation>
    </message>
    <message>
        <source>The database {path} cannot be opened with this computer's key: it was encrypted on another computer, or it is damaged.</source>
        <translation>数据库 {path} 无法用本机的密钥打开：它是在另一台电脑上加密的，或者已损坏。</translation>
    </message>
    <message>
        <source>The database {path} is encrypted: it opens after signing in (in the app, or with --user NAME on the command line).</source>
        <translation>数据库 {path} 已加密：需先登录才能打开（在程序中登录，或在命令行中使用 --user 用户名）。</translation>
    </message>
    <message>
        <source>The database server cannot be reached or refused the connection: {url}</source>
        <translation>无法连接数据库服务器，或连接被拒绝：{url}</translation>
    </message>
    <message>
        <source>“{url}” is not a database this app can use (use a SQLite file path, sqlite:///FILE or postgresql+psycopg://USER@HOST/DB).</source>
        <translation>“{url}”不是本程序可用的数据库（请使用 SQLite 文件路径、sqlite:///文件 或 postgresql+psycopg://用户@主机/数据库）。</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>此项为必填项。</translation>
    </message>
    <message>
        <source>At most {limit} characters.</source>
        <translation>最多 {limit} 个字。</translation>
    </message>
    <message>
        <source>Unknown role “{role}” (use worker, staff, supervisor, admin).</source>
        <translation>未知角色“{role}”（可用 worker、staff、supervisor、admin）。</translation>
    </message>
    <message>
        <source>The user name “{username}” is already taken.</source>
        <translation>用户名“{username}”已被使用。</translation>
    </message>
    <message>
        <source>There is no user “{username}”.</source>
        <translation>没有用户“{username}”。</translation>
    </message>
    <message>
        <source>There is no grid with the code {code}.</source>
        <translation>不存在编码为 {code} 的网格。</translation>
    </message>
    <message>
        <source>A grid worker needs at least one grid (--grid CODE).</source>
        <translation>网格员至少需要一个网格（--grid 网格编码）。</translation>
    </message>
    <message>
        <source>Community staff need the code of their community (--scope CODE).</source>
        <translation>社区工作人员需要所在社区的编码（--scope 编码）。</translation>
    </message>
    <message>
        <source>There is no such scope: {code} (staff: a community code; supervisors: a street code).</source>
        <translation>没有这个范围：{code}（社区工作人员填社区编码，督导填街道编码）。</translation>
    </message>
    <message>
        <source>Only grid workers are assigned grids.</source>
        <translation>只有网格员才分配网格。</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The device key must be 64 hexadecimal characters.</source>
        <translation>设备密钥必须是 64 位十六进制字符。</translation>
    </message>
    <message>
        <source>Grid {code} is not one of your grids; you cannot change its records.</source>
        <translation>网格 {code} 不在您的负责范围内，不能修改其记录。</translation>
    </message>
    <message>
        <source>The record was not found (it may have been deleted).</source>
        <translation>找不到该记录（可能已被删除）。</translation>
    </message>
    <message>
        <source>This ID number is already registered for {name}. Open the existing person instead?</source>
        <translation>该身份证号已登记在“{name}”名下。是否打开已有人员？</translation>
    </message>
    <message>
        <source>“{code}” is not in the catalogue.</source>
        <translation>“{code}”不在目录中。</translation>
    </message>
    <message>
        <source>The tag “{tag}” cannot be given to a {target}.</source>
        <translation>标签“{tag}”不适用于此对象。</translation>
    </message>
    <message>
        <source>The tag “{tag}” is already assigned.</source>
        <translation>已经有标签“{tag}”。</translation>
    </message>
    <message>
        <source>The risk level must be a whole number from 0 to 5.</source>
        <translation>风险等级须为 0 至 5 的整数。</translation>
    </message>
    <message>
        <source>This person does not belong to the household.</source>
        <translation>此人不属于该户。</translation>
    </message>
    <message>
        <source>The date cannot be in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <source>The date cannot be before {other}.</source>
        <translation>日期不能早于 {other}。</translation>
    </message>
    <message>
        <source>The count must be between 1 and 999.</source>
        <translation>次数须在 1 至 999 之间。</translation>
    </message>
    <message>
        <source>The birth date differs from the one in the ID number ({derived}).</source>
        <translation>出生日期与身份证号中的不一致（{derived}）。</translation>
    </message>
    <message>
        <source>The gender differs from the one in the ID number.</source>
        <translation>性别与身份证号中的不一致。</translation>
    </message>
    <message>
        <source>A dispute needs at least one party.</source>
        <translation>矛盾纠纷至少要有一名当事人。</translation>
    </message>
    <message>
        <source>An agreement needs its number; a performance deadline, if given, must follow it.</source>
        <translation>调解协议须填写协议编号；如填写履行期限，须晚于调结日期。</translation>
    </message>
    <message>
        <source>The household still has {count} members; move or delete them first.</source>
        <translation>该户还有 {count} 名成员，请先迁出或删除。</translation>
    </message>
    <message>
        <source>“{code}” is not a valid {what} code: it must be {digits} digits starting with {parent}.</source>
        <translation>“{code}”不是有效编码：应为 {digits} 位数字，并以 {parent} 开头。</translation>
    </message>
    <message>
        <source>The code {code} is already in use.</source>
        <translation>编码 {code} 已被使用。</translation>
    </message>
    <message>
        <source>“{role}” is not a role (worker, staff, supervisor, admin).</source>
        <translation>“{role}”不是有效角色（worker 网格员、staff 社区工作人员、supervisor 督导、admin 管理员）。</translation>
    </message>
    <message>
        <source>Your role may not see full ID and phone numbers.</source>
        <translation>您的角色无权查看完整的身份证号和电话号码。</translation>
    </message>
    <message>
        <source>Only community staff and administrators may change rules and catalogues.</source>
        <translation>只有社区工作人员和管理员可以修改走访规则和目录。</translation>
    </message>
    <message>
        <source>The interval must be a whole number from 1 to 366 days.</source>
        <translation>间隔须为 1 到 366 之间的整数（天）。</translation>
    </message>
    <message>
        <source>The minimum age must be a whole number from 0 to 150.</source>
        <translation>最低年龄须为 0 到 150 之间的整数。</translation>
    </message>
    <message>
        <source>The lowest risk level cannot be higher than the highest.</source>
        <translation>最低风险等级不能高于最高风险等级。</translation>
    </message>
    <message>
        <source>The tag “{tag}” has no risk level, so the rule cannot depend on one.</source>
        <translation>标签“{tag}”没有风险等级，规则不能以风险等级为条件。</translation>
    </message>
    <message>
        <source>The tag “{tag}” already has a rule with the same conditions.</source>
        <translation>标签“{tag}”已有条件相同的规则。</translation>
    </message>
    <message>
        <source>“{code}” is not a valid code: lower-case letters, digits and single underscores, starting with a letter.</source>
        <translation>“{code}”不是有效的代码：只能使用小写字母、数字和单个下划线，并以字母开头。</translation>
    </message>
    <message>
        <source>“{kind}” is not an editable catalogue.</source>
        <translation>“{kind}”不是可编辑的目录。</translation>
    </message>
    <message>
        <source>There is no file {path}.</source>
        <translation>文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a folder, not an Excel file.</source>
        <translation>{path} 是文件夹，不是 Excel 文件。</translation>
    </message>
    <message>
        <source>The file {path} cannot be opened: another program (Excel or WPS?) is using it, or you may not read it. Close it there and try again. Nothing was imported.</source>
        <translation>无法打开文件 {path}：它正被其他程序（Excel 或 WPS？）使用，或您没有读取权限。请先关闭该文件后重试。未导入任何数据。</translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {error}</source>
        <translation>无法读取文件 {path}：{error}</translation>
    </message>
    <message>
        <source>{path} is not an Excel file (.xlsx or .xls). If it is a CSV or a web page, open it in Excel or WPS and save it as .xlsx. Nothing was imported.</source>
        <translation>{path} 不是 Excel 文件（.xlsx 或 .xls）。如果是 CSV 或网页文件，请用 Excel 或 WPS 打开后另存为 .xlsx。未导入任何数据。</translation>
    </message>
    <message>
        <source>{path} looks like an Excel file but cannot be read (it may be damaged): {error}. Open it in Excel or WPS and save it again as .xlsx. Nothing was imported.</source>
        <translation>{path} 看起来是 Excel 文件，但无法读取（可能已损坏）：{error}。请用 Excel 或 WPS 打开后重新另存为 .xlsx。未导入任何数据。</translation>
    </message>
    <message>
        <source>{path} is protected with a password. Open it in Excel or WPS, remove the password (File › Info › Protect Workbook) and save it, then import it again. Nothing was imported.</source>
        <translation>{path} 设有打开密码。请用 Excel 或 WPS 打开，取消密码（文件 › 信息 › 保护工作簿）并保存后再导入。未导入任何数据。</translation>
    </message>
    <message>
        <source>The file seems to be open in another program: changes not yet saved there are not in this import.</source>
        <translation>该文件似乎正在其他程序中打开：尚未保存的修改不会包含在本次导入中。</translation>
    </message>
    <message>
        <source>Sheet “{sheet}” is too large to be a roster ({rows} rows × {columns} columns used). Delete stray cells far below or right of the data and save again.</source>
        <translation>工作表“{sheet}”过大，不像是花名册（已使用 {rows} 行 × {columns} 列）。请删除数据下方或右侧远处的多余单元格后重新保存。</translation>
    </message>
    <message>
        <source>{path} is not a luzsong-grid database, so it cannot be restored.</source>
        <translation>{path} 不是本应用的数据库，无法恢复。</translation>
    </message>
    <message>
        <source>The backup {path} is damaged ({problem}); nothing was restored.</source>
        <translation>备份 {path} 已损坏（{problem}），未恢复任何内容。</translation>
    </message>
    <message>
        <source>The backup {path} was made by a newer version of luzsong-grid (schema {found}); nothing was restored.</source>
        <translation>备份 {path} 由较新版本的本应用创建（结构版本 {found}），未恢复任何内容。</translation>
    </message>
    <message>
        <source>The backup could not be written to {path}: {error}</source>
        <translation>无法将备份写入 {path}：{error}</translation>
    </message>
    <message>
        <source>The backup {path} is encrypted with another computer's key (or damaged); nothing was restored.</source>
        <translation>备份 {path} 是用另一台电脑的密钥加密的（或已损坏），未恢复任何内容。</translation>
    </message>
    <message>
        <source>The database {path} could not be encrypted ({problem}); it was left as it was.</source>
        <translation>数据库 {path} 加密失败（{problem}），已保持原样。</translation>
    </message>
    <message>
        <source>Choose a photo (JPG, PNG, BMP, GIF or WebP).</source>
        <translation>请选择照片（JPG、PNG、BMP、GIF 或 WebP）。</translation>
    </message>
    <message>
        <source>The photo is larger than 20 MB.</source>
        <translation>照片超过 20 MB。</translation>
    </message>
    <message>
        <source>The photo cannot be read: {error}</source>
        <translation>无法读取照片：{error}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <source>Relation to the head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Household no.</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Head's name</source>
        <translation>户主姓名</translation>
    </message>
    <message>
        <source>Head's ID number</source>
        <translation>户主身份证号</translation>
    </message>
    <message>
        <source>“{text}” contains digits, so it is not a name (is a column shifted?).</source>
        <translation>“{text}”含有数字，不是姓名（是否有列错位？）。</translation>
    </message>
    <message>
        <source>“{text}” is not a date (write 1950-03-02, 1950.3.2, 1950年3月2日 or 1950/03/02).</source>
        <translation>“{text}”不是日期（请写成 1950-03-02、1950.3.2、1950年3月2日 或 1950/03/02）。</translation>
    </message>
    <message>
        <source>“{text}” is not a gender (男 or 女).</source>
        <translation>“{text}”不是性别（应为男或女）。</translation>
    </message>
    <message>
        <source>Unknown categories: {names}. Use the names of the tag list (低保户, 残疾人, 独居老人 …), separated by 、</source>
        <translation>无法识别的人员类别：{names}。请使用标签列表中的名称（低保户、残疾人、独居老人…），多个之间用“、”分隔</translation>
    </message>
    <message>
        <source>“{text}” is not a relation to the head of household (户主, 配偶, 子, 女, 父亲, 母亲, 孙子, 孙女, 儿媳, 女婿, 兄弟姐妹, 其他).</source>
        <translation>“{text}”不是与户主的关系（户主、配偶、子、女、父亲、母亲、孙子、孙女、儿媳、女婿、兄弟姐妹、其他）。</translation>
    </message>
    <message>
        <source>Only the first phone number was taken; the others ({others}) were left out.</source>
        <translation>只导入了第一个电话号码，其余号码（{others}）未导入。</translation>
    </message>
    <message>
        <source>A totals row, not a person.</source>
        <translation>合计行，不是人员。</translation>
    </message>
    <message>
        <source>A note or signature line, not a person.</source>
        <translation>备注或签字行，不是人员。</translation>
    </message>
    <message>
        <source>An example row of the template, not a person.</source>
        <translation>模板中的示例行，不是人员。</translation>
    </message>
    <message>
        <source>A row explaining the columns, not a person.</source>
        <translation>列说明行，不是人员。</translation>
    </message>
    <message>
        <source>Only one cell is filled in: taken for a heading, not a person.</source>
        <translation>只填了一个单元格，视为标题行，不是人员。</translation>
    </message>
    <message>
        <source>The office server {url} cannot be reached. Nothing was lost: your changes stay on this computer and go out at the next sync.</source>
        <translation>无法连接社区办公室服务器 {url}。数据没有丢失：您的修改保存在本机，下次同步时上传。</translation>
    </message>
    <message>
        <source>The office has disabled this account. Ask the community office.</source>
        <translation>社区办公室已停用此账号，请联系社区办公室。</translation>
    </message>
    <message>
        <source>The office has revoked this computer's access. Ask the community office to register it again.</source>
        <translation>社区办公室已吊销本机的访问权限，请联系社区办公室重新登记。</translation>
    </message>
    <message>
        <source>This computer is not registered with the office yet. Sign in to register it.</source>
        <translation>本机尚未在社区办公室登记，请登录以完成登记。</translation>
    </message>
    <message>
        <source>The office server refused the sign-in: {detail}</source>
        <translation>社区办公室服务器拒绝登录：{detail}</translation>
    </message>
    <message>
        <source>The office asks for your password again (the sign-in expired).</source>
        <translation>登录已过期，社区办公室要求重新输入密码。</translation>
    </message>
    <message>
        <source>This computer and the office server run different versions: {detail}</source>
        <translation>本机与社区办公室服务器的版本不同：{detail}</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Wait {seconds} seconds and try again.</source>
        <translation>登录失败次数过多，请等待 {seconds} 秒后再试。</translation>
    </message>
    <message>
        <source>The office server refused the request: {detail}</source>
        <translation>社区办公室服务器拒绝了请求：{detail}</translation>
    </message>
    <message>
        <source>The office server {url} keeps failing (HTTP {status}). Nothing was lost: your changes stay on this computer and go out at the next sync.</source>
        <translation>社区办公室服务器 {url} 持续出错（HTTP {status}）。数据没有丢失：您的修改保存在本机，下次同步时上传。</translation>
    </message>
    <message>
        <source>No sheet of {path} has a header this app recognises: a row with a name column (姓名) and at least one of 身份证号, 住址, 联系电话 or 与户主关系 within the first 30 rows. Nothing was imported.</source>
        <translation>{path} 中没有任何工作表带有可识别的表头：前 30 行中应有一行包含姓名列，以及身份证号、住址、联系电话或与户主关系中的至少一列。未导入任何数据。</translation>
    </message>
    <message>
        <source>Sheet “{sheet}” was skipped: it has no header with a name column (姓名).</source>
        <translation>已跳过工作表“{sheet}”：没有包含姓名列的表头。</translation>
    </message>
    <message>
        <source>Column “{column}” of sheet “{sheet}” was not imported: most of its values ({examples}) are not categories of the tag list.</source>
        <translation>工作表“{sheet}”的“{column}”列未导入：其中大多数值（{examples}）不是标签列表中的人员类别。</translation>
    </message>
    <message>
        <source>No grid: fill in 所属网格, or choose the grid for the whole file.</source>
        <translation>缺少网格：请填写“所属网格”，或为整个文件指定网格。</translation>
    </message>
    <message>
        <source>“{text}” is neither the code nor the name of a grid.</source>
        <translation>“{text}”既不是网格编码，也不是网格名称。</translation>
    </message>
    <message>
        <source>Several grids are named “{text}”: write the grid code instead.</source>
        <translation>有多个网格名为“{text}”，请改填网格编码。</translation>
    </message>
    <message>
        <source>The same ID number is already on row {row} of sheet “{sheet}”.</source>
        <translation>同一身份证号已出现在工作表“{sheet}”第 {row} 行。</translation>
    </message>
    <message>
        <source>The same person (name, address and birth date) is already on row {row} of sheet “{sheet}”.</source>
        <translation>同一人员（姓名、住址、出生日期相同）已出现在工作表“{sheet}”第 {row} 行。</translation>
    </message>
    <message>
        <source>This ID number is registered for {name}, not {given}: check the ID number and the name.</source>
        <translation>该身份证号已登记在 {name} 名下，而不是 {given}：请核对身份证号和姓名。</translation>
    </message>
    <message>
        <source>This ID number is registered in grid {code}, which is not one of your grids.</source>
        <translation>该身份证号已登记在网格 {code}，不属于您负责的网格。</translation>
    </message>
    <message>
        <source>Grid {code} is outside {area}, the area of your account: you may import only into its grids.</source>
        <translation>网格 {code} 不在您账号的管辖范围（{area}）内：只能导入到该范围内的网格。</translation>
    </message>
    <message>
        <source>Supervisors read and export records but do not import them: ask the community staff or an administrator to import this roster. Nothing was imported.</source>
        <translation>督导账号只能查看和导出记录，不能导入：请社区工作人员或管理员导入此花名册。未导入任何内容。</translation>
    </message>
    <message>
        <source>A head of household needs an address (住址).</source>
        <translation>户主必须填写住址。</translation>
    </message>
    <message>
        <source>No address, and no head of household above this row on the sheet to put the person with.</source>
        <translation>未填写住址，且本行上方没有可归属的户主。</translation>
    </message>
    <message>
        <source>The head of this household (row {row}) was rejected, so this row cannot be placed.</source>
        <translation>本户户主（第 {row} 行）未能导入，因此本行无法归户。</translation>
    </message>
    <message>
        <source>The head of household ({id}) is neither in this file nor registered: add the head's row.</source>
        <translation>户主（{id}）既不在本文件中，也未登记：请补上户主所在行。</translation>
    </message>
    <message>
        <source>Registered at “{address}” (grid {code}); an import does not move people between households.</source>
        <translation>已登记在“{address}”（网格 {code}）；导入不会把人员迁到其他户。</translation>
    </message>
    <message>
        <source>Records were saved since the preview and it no longer holds. Preview the file again; nothing was imported.</source>
        <translation>预览之后已有记录被保存，预览结果已失效。请重新预览；未导入任何数据。</translation>
    </message>
    <message>
        <source>This preview has already been imported.</source>
        <translation>该预览已经导入过了。</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was written.</source>
        <translation>导入已取消，未写入任何数据。</translation>
    </message>
    <message>
        <source>The report {path} cannot be written: another program (Excel or WPS?) has it open, or the folder is read-only. Close it or choose another name.</source>
        <translation>无法写入报告 {path}：该文件正被其他程序（Excel 或 WPS？）打开，或文件夹为只读。请关闭该文件或另选文件名。</translation>
    </message>
    <message>
        <source>The report {path} cannot be written: {error}</source>
        <translation>无法写入报告 {path}：{error}</translation>
    </message>
    <message>
        <source>Row in the roster</source>
        <translation>原行号</translation>
    </message>
    <message>
        <source>Import verdict</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <source>Reason for rejection</source>
        <translation>未导入原因</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Already registered</source>
        <translation>已登记，无变化</translation>
    </message>
    <message>
        <source>Duplicate in the file</source>
        <translation>文件内重复</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>Skipped row</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>No row was rejected.</source>
        <translation>没有未导入的行。</translation>
    </message>
    <message>
        <source>The account is unknown or disabled at the community office.</source>
        <translation>该账号在社区办公室不存在或已停用。</translation>
    </message>
    <message>
        <source>There is no open conflict with this number.</source>
        <translation>没有这个编号的待处理冲突。</translation>
    </message>
    <message>
        <source>Full ID and phone numbers are exported only for a named account: add --as USERNAME.</source>
        <translation>只有指定账号才能导出完整的身份证号和电话号码：请加上 --as 用户名。</translation>
    </message>
    <message>
        <source>There is no active account called “{name}”.</source>
        <translation>没有名为“{name}”的有效账号。</translation>
    </message>
    <message>
        <source>{name} may not export full ID and phone numbers: only administrators and community staff may.</source>
        <translation>{name} 无权导出完整的身份证号和电话号码：只有管理员和社区工作人员可以导出。</translation>
    </message>
    <message>
        <source>{name} may export full ID and phone numbers only for their own community ({community}).</source>
        <translation>{name} 只能导出本社区（{community}）的完整身份证号和电话号码。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist. Choose another place to save the file.</source>
        <translation>文件夹 {folder} 不存在，请选择其他保存位置。</translation>
    </message>
    <message>
        <source>Cannot save in {folder}: this folder is not writable. Choose another folder.</source>
        <translation>无法保存到 {folder}：该文件夹不可写入，请选择其他文件夹。</translation>
    </message>
    <message>
        <source>{path} is a folder. Give a file name ending in .xlsx.</source>
        <translation>{path} 是一个文件夹，请填写以 .xlsx 结尾的文件名。</translation>
    </message>
    <message>
        <source>The disk is full, so {path} was not saved. Free some space and try again.</source>
        <translation>磁盘已满，{path} 未保存。请清理出空间后重试。</translation>
    </message>
    <message>
        <source>{path} cannot be replaced: it may be open in Excel or WPS. Close it and try again.</source>
        <translation>无法覆盖 {path}：该文件可能正在 Excel 或 WPS 中打开，请关闭后重试。</translation>
    </message>
    <message>
        <source>{path} could not be saved: {error}</source>
        <translation>{path} 未能保存：{error}</translation>
    </message>
    <message>
        <source>The export was cancelled; no file was saved.</source>
        <translation>导出已取消，未保存任何文件。</translation>
    </message>
    <message>
        <source>{file}: {rows} rows: {new} new, {update} updated, {unchanged} already registered, {duplicate} duplicates, {error} errors, {skipped} skipped; {households} new households.</source>
        <translation>{file}：共 {rows} 行：新增 {new}，更新 {update}，已登记无变化 {unchanged}，文件内重复 {duplicate}，错误 {error}，跳过 {skipped}；新建 {households} 户。</translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>试运行：未写入任何数据。</translation>
    </message>
    <message>
        <source>Imported: {persons} new persons, {updated} persons updated, {households} new households, {tags} categories added.</source>
        <translation>导入完成：新增 {persons} 人，更新 {updated} 人，新建 {households} 户，添加 {tags} 个人员类别标签。</translation>
    </message>
    <message>
        <source>Nothing to write: every accepted row is already registered as it is.</source>
        <translation>无需写入：所有可导入的行都已按原样登记。</translation>
    </message>
    <message>
        <source>Nothing could be imported.</source>
        <translation>没有可以导入的数据。</translation>
    </message>
    <message>
        <source>Rejected rows and their reasons: {path}</source>
        <translation>未导入的行及原因见：{path}</translation>
    </message>
    <message>
        <source>Sheet “{sheet}”, row {row} ({verdict}): {reason}</source>
        <translation>工作表“{sheet}”第 {row} 行（{verdict}）：{reason}</translation>
    </message>
    <message>
        <source>… and {count} more (--report writes them all to a workbook).</source>
        <translation>…… 还有 {count} 行（用 --report 可把全部写入工作簿）。</translation>
    </message>
    <message>
        <source>Give the password on standard input (--password-stdin).</source>
        <translation>请通过标准输入提供密码（--password-stdin）。</translation>
    </message>
    <message>
        <source>The password read from standard input is empty.</source>
        <translation>从标准输入读到的密码为空。</translation>
    </message>
    <message>
        <source>--certfile and --keyfile go together.</source>
        <translation>--certfile 和 --keyfile 必须同时提供。</translation>
    </message>
    <message>
        <source>User {username} ({role}) added.</source>
        <translation>已添加用户 {username}（{role}）。</translation>
    </message>
    <message>
        <source>User {username} disabled; their sessions end now.</source>
        <translation>已停用用户 {username}，其登录会话立即失效。</translation>
    </message>
    <message>
        <source>User {username} enabled.</source>
        <translation>已启用用户 {username}。</translation>
    </message>
    <message>
        <source>User {username} now works on: {grids}.</source>
        <translation>用户 {username} 现在负责：{grids}。</translation>
    </message>
    <message>
        <source>Password of {username} changed.</source>
        <translation>已修改 {username} 的密码。</translation>
    </message>
    <message>
        <source>There is no device {device}.</source>
        <translation>没有设备 {device}。</translation>
    </message>
    <message>
        <source>Device {device} revoked.</source>
        <translation>已吊销设备 {device}。</translation>
    </message>
    <message>
        <source>Synced with {server}: sent {sent} (applied {applied}, merged {merged}, conflicts {conflicts}, rejected {rejected}); received {received}; {pending} still to send.</source>
        <translation>已与 {server} 同步：上传 {sent} 条（已应用 {applied}，已合并 {merged}，冲突 {conflicts}，被拒绝 {rejected}）；下载 {received} 条；还有 {pending} 条待上传。</translation>
    </message>
    <message>
        <source>A full re-sync of your grids was done ({reason}).</source>
        <translation>已对您的网格做了一次完整重新同步（{reason}）。</translation>
    </message>
    <message>
        <source>The data on this computer still differs from the office's; sync again.</source>
        <translation>本机数据仍与社区办公室不一致，请再同步一次。</translation>
    </message>
    <message>
        <source>Which office server? Give it once with --server URL (e.g. https://office:8765).</source>
        <translation>要连接哪个社区办公室服务器？请用 --server 网址指定一次（例如 https://office:8765）。</translation>
    </message>
    <message>
        <source>Sign in once: luzsong-grid sync --server URL --user NAME --password-stdin</source>
        <translation>请先登录一次：luzsong-grid sync --server 网址 --user 用户名 --password-stdin</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The start date {start} is after the end date {end}.</source>
        <translation>开始日期 {start} 晚于结束日期 {end}。</translation>
    </message>
    <message>
        <source>Give a file name ending in .xlsx: {path}</source>
        <translation>请填写以 .xlsx 结尾的文件名：{path}</translation>
    </message>
    <message>
        <source>Report saved: {path} ({grids} grids).</source>
        <translation>报表已保存：{path}（{grids} 个网格）。</translation>
    </message>
    <message>
        <source>Nil report saved (nothing was recorded in the period): {path}</source>
        <translation>零报告已保存（本期无任何记录）：{path}</translation>
    </message>
    <message>
        <source>Ledger saved: {path} ({rows} records).</source>
        <translation>台账已保存：{path}（{rows} 条记录）。</translation>
    </message>
    <message>
        <source>This file is not a luzsong-grid sync bundle, or it is damaged: {path}</source>
        <translation>此文件不是本应用的同步包，或已损坏：{path}</translation>
    </message>
    <message>
        <source>The sync bundle was changed after it was written; it was not imported.</source>
        <translation>同步包在生成后被改动过，未导入。</translation>
    </message>
    <message>
        <source>The sync bundle comes from a laptop this office does not know (or has blocked); it was not imported.</source>
        <translation>同步包来自本办公室未登记（或已停用）的电脑，未导入。</translation>
    </message>
    <message>
        <source>The sync bundle belongs to another community office; it was not imported.</source>
        <translation>同步包属于其他社区办公室，未导入。</translation>
    </message>
    <message>
        <source>The sync bundle was made for another laptop; it was not imported.</source>
        <translation>同步包是为另一台电脑生成的，未导入。</translation>
    </message>
    <message>
        <source>This sync bundle goes the other way (laptop ↔ office); it was not imported.</source>
        <translation>此同步包的方向不对（电脑 ↔ 办公室），未导入。</translation>
    </message>
    <message>
        <source>This sync bundle is older than what the laptop already has, or misses changes before it. Ask the office for a new one.</source>
        <translation>此同步包比本机已有的数据旧，或缺少之前的变更。请向办公室索取新的同步包。</translation>
    </message>
    <message>
        <source>This laptop is not registered with the office for USB sync yet.</source>
        <translation>本机尚未在办公室登记，不能用U盘同步。</translation>
    </message>
    <message>
        <source>The key file {path} is damaged, so the database cannot be unlocked. Restore the data folder from a copy, or ask the community office.</source>
        <translation>密钥文件 {path} 已损坏，无法解锁数据库。请从副本恢复数据文件夹，或联系社区办公室。</translation>
    </message>
    <message>
        <source>The key file {path} could not be written: {error}</source>
        <translation>无法写入密钥文件 {path}：{error}</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>Dispute party</source>
        <translation>纠纷当事人</translation>
    </message>
    <message>
        <source>Dispute step</source>
        <translation>纠纷办理环节</translation>
    </message>
    <message>
        <source>Follow-up visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>网格事件</translation>
    </message>
    <message>
        <source>Event step</source>
        <translation>事件办理环节</translation>
    </message>
    <message>
        <source>Person's category</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <source>Household's category</source>
        <translation>住户类别</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Account's grid</source>
        <translation>账号负责网格</translation>
    </message>
    <message>
        <source>Visit rule</source>
        <translation>走访规则</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Catalogues</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Demo district</source>
        <translation>演示辖区</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Event no.</source>
        <translation>事件编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Visited at</source>
        <translation>走访时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现情况</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>简要情况</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Done on</source>
        <translation>办理日期</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>应回访日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>调处结果</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Moved out</source>
        <translation>已迁出</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>已故</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
</TS>