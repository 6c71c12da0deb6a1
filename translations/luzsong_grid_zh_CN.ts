<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>统计</translation>
    </message>
</context>
<context>
    <name>DisputesPage</name>
    <message>
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Events</source>
        <translation>网格事件</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>Households</source>
        <translation>户籍人口</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lusong Grid Worker's Desk</source>
        <translation>芦淞区网格员工作台</translation>
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
            <numerusform>待同步：%n 条</numerusform></translation>
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
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
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
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
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
        <source>This field is required.</source>
        <translation>此项为必填项。</translation>
    </message>
    <message>
        <source>At most {limit} characters.</source>
        <translation>最多 {limit} 个字。</translation>
    </message>
    <message>
        <source>There is no grid with the code {code}.</source>
        <translation>不存在编码为 {code} 的网格。</translation>
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
</context>
</TS>