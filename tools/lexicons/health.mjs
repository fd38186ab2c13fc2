// The health lexicons (rules/lexicon-health.json), built by tools/gen-lexicons.mjs from rules/data/.
import fs from 'node:fs';
import path from 'node:path';

// Predicate and frame words of the function names (有助于维持血糖健康水平 → 血糖). Read off the names themselves.
const PREFIX = ['有助于', '辅助', '对', '维持', '改善', '增强', '增加', '提高', '调节', '缓解', '促进', '保护', '降低',
  '控制', '清', '祛', '耐', '排', '免疫', '抗', '润肠', '降'];
const SUFFIX = ['有辅助保护作用', '有辅助保护功能', '有保护作用', '健康水平', '状况', '功能', '危害'];
// Objects that the frame words above would cut wrongly, or cut too short to be safe alone.
const OBJECT_FIX = { 记忆: '记忆力', 咽润喉: '咽喉', 铅: '体内铅' };
// What is left of a name that has no object of its own (清咽, 减肥, 通便: the name is the whole claim, in
// health_function_name) or names a skin state that cosmetics may claim (health_function_skin).
const NOT_OBJECT = /^(清|排|减|通|延缓|抗)|^(氧化|调节)$|[（）()\/]|痤疮|黄褐斑|皮肤/;
// Objects that ordinary goods name lawfully (a massage chair 缓解疲劳, a lamp 保护视力, a pillow for 睡眠): claims on
// them are reported when the product is eaten or drunk (claim.function.ingested_beauty), not everywhere.
const INGESTED_ONLY = /疲劳|睡眠|视力|消化|咽喉|辐射|缺氧|减肥/;

function objectOf(name) {
  let s = name.replace(/^美容（(.+)）$/, '$1').replace(/^改善胃肠功能（(.+)）$/, '$1');
  const parts = [];
  const paren = s.match(/^(.*?)（([^）]+)）(.*)$/);
  if (paren) {
    s = paren[1] + paren[3];
    parts.push(...paren[2].split(/[、/]/));
  }
  parts.unshift(s);
  const out = [];
  for (let p of parts) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const x of PREFIX) if (p.startsWith(x) && p.length > x.length + 1) { p = p.slice(x.length); changed = true; }
      for (const x of SUFFIX) if (p.endsWith(x) && p.length > x.length + 1) { p = p.slice(0, -x.length); changed = true; }
    }
    p = OBJECT_FIX[p] ?? p;
    if ([...p].length >= 2 && !NOT_OBJECT.test(p)) out.push(p);
  }
  return out;
}

// ICD-10 names that ordinary goods use lawfully next to a predicate (防晒伤 sunscreen, 防冻伤 gloves, 防窒息 baby
// pillows, 失禁 care pads, 发热 heated insoles, 抗衰老 already a health-function word), and fragments the page
// conversion left (型鼠疫, 菌病, 小头, 扑动).
const ICD_NOT = new Set(['衰老', '疲劳', '发热', '中毒', '脱发', '晒伤', '冻伤', '窒息', '失禁', '尿失禁', '低体温', '幻觉',
  '狂躁', '型鼠疫', '菌病', '小头', '扑动', '畸形', '出血', '癌变', '流产']);

export function healthPack({ readTsv, headerOf, uniq }) {
  const fns = readTsv('healthfood-functions.tsv');
  const names = uniq(fns.map((r) => r.name.replace(/功能$/, '')).filter((n) => !/[（(]/.test(n)));
  const skin = (n) => /痤疮|黄褐斑|皮肤|抗氧化|延缓衰老|美容/.test(n);
  const allObjects = uniq(fns.flatMap((r) => objectOf(r.name)));
  const objects = allObjects.filter((o) => !INGESTED_ONLY.test(o));
  const cos = readTsv('cosmetic-efficacy.tsv').filter((r) => /^\d+$/.test(r.code));
  const src = (f) => headerOf(f);
  return {
    pack: 'lexicon-health',
    description: '保健功能、化妆品功效和疾病词表（由 rules/data/ 生成：node tools/gen-lexicons.mjs）。',
    lexicons: {
      health_function_name: {
        description: '保健食品功能目录（2023）及其对应的原声称、2003年27项功能的名称（去掉“功能”），不含皮肤类功能。',
        source: src('healthfood-functions.tsv'), date: '2023-08-28', licence: '著作权法第五条 (government document)',
        script: 'tools/lexicons/extract_health.py → rules/data/healthfood-functions.tsv → tools/gen-lexicons.mjs',
        terms: names.filter((n) => !skin(n) && !INGESTED_ONLY.test(n)),
        examples: { match: ['辅助降血脂茶', '免疫调节', '有助于控制体内脂肪'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      health_function_skin: {
        description: '保健功能目录中的皮肤类功能（祛痤疮、祛黄褐斑、改善皮肤水分、抗氧化）：化妆品可宣称相近功效，只在非化妆品上报告。',
        source: src('healthfood-functions.tsv'), date: '2023-08-28', licence: '著作权法第五条 (government document)',
        script: 'tools/gen-lexicons.mjs',
        terms: names.filter(skin),
        examples: { match: ['祛黄褐斑', '有助于改善痤疮', '抗氧化'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      body_function_listed: {
        description: '保健功能名称里作用的对象（有助于维持血糖健康水平 → 血糖），按名称去掉谓词和框架词得到。',
        source: src('healthfood-functions.tsv'), date: '2023-08-28', licence: '著作权法第五条 (government document)',
        script: 'tools/lexicons/health.mjs objectOf()',
        terms: objects,
        examples: { match: ['血糖', '免疫力', '骨密度'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      body_function_ingested: {
        description: '保健功能名称里的对象中，普通商品也常合法提到的（疲劳、睡眠、视力、消化…）：只在吃喝的商品上报告。',
        source: src('healthfood-functions.tsv'), date: '2023-08-28', licence: '著作权法第五条 (government document)',
        script: 'tools/lexicons/health.mjs objectOf()',
        terms: uniq([...allObjects.filter((o) => INGESTED_ONLY.test(o)), ...names.filter((n) => !skin(n) && INGESTED_ONLY.test(n))]),
        examples: { match: ['改善睡眠', '缓解体力疲劳', '促进消化'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      body_function_everyday: {
        description: '目录对象的日常说法和目录外同样不得宣称的身体机能（项目编写，每个词对应的目录功能见 docs/design.md“词表”）：抵抗力（免疫力）、记忆力、脂肪、肝、肠胃、毒素、身高……',
        terms: ['抵抗力', '免疫', '免疫系统', '记忆力', '肝', '肝脏', '肝功能', '肾', '肾脏', '肾功能', '肠胃', '肠道', '胃肠', '脾胃',
          '肠道功能', '消化功能', '毒素', '体内毒素', '宿便', '身高', '个子', '尿酸', '血管', '性功能', '内分泌', '激素',
          '荷尔蒙', '气血', '三高', '血黏度', '血稠', '细胞', '细胞活力', '心脑血管', '心血管', '脑血管', '机能', '生理机能', '血液流速', '血流速度', '血流量',
          '酸性体质', '碱性体质', '酸碱体质', '五脏六腑', '五脏', '脏腑', '脏腑功能', '肠蠕动', '肠道蠕动', '胃肠蠕动', '排便', '有益菌', '益生菌繁殖', '低密度脂蛋白', '高密度脂蛋白'],
        examples: { match: ['提高抵抗力', '排出体内毒素', '长个子'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      health_function_everyday: {
        description: '目录功能的日常说法（项目编写；括号内为对应的目录功能）：护肝（化学性肝损伤）、排毒、清肠（润肠通便）、长高/增高（生长发育）、助眠/安神（睡眠）、补肾、降三高（血脂/血糖/血压）……',
        terms: ['护肝', '养肝', '保肝', '解酒护肝', '排毒', '清肠', '清宿便', '刮油', '阻油', '阻糖', '阻淀粉', '易瘦体质', '不易胖体质', '减吋', '减寸', '长高', '长个', '长个子', '助长', '身高烦恼', '身高管理', '骨骼再长', '二次发育', '长个神器', '助眠',
          '安神', '补肾', '固肾', '壮阳', '降三高', '抗衰老', '延缓衰老', '抗疲劳', '补脑', '健脑', '护脑', '护心', '养心', '护心脑', '明目', '养胃', '护胃',
          '排湿', '祛湿', '排寒', '补气血', '补血', '养血', '丰胸', '燃脂', '减脂', '清血', '净化血液', '防栓', '逆龄'],
        examples: { match: ['护肝解酒', '让孩子长高个', '排毒养颜'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      disease_icd10: {
        description: 'ICD-10 第一至十九章的中文病名（维基百科译名），2–8 字，不含普通商品合法使用的几个词（防晒伤、防冻伤、防窒息……）。',
        source: src('diseases-icd10.tsv'), date: '2026-12-07 (read)', licence: 'CC BY-SA 4.0 (Wikipedia contributors)',
        script: 'tools/lexicons/extract_icd10.py → rules/data/diseases-icd10.tsv → tools/gen-lexicons.mjs',
        terms: uniq(readTsv('diseases-icd10.tsv').map((r) => r.name)
          .filter((n) => [...n].length >= 2 && [...n].length <= 8 && !ICD_NOT.has(n))),
        examples: { match: ['高血压', '糖尿病', '结膜炎'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      body_function_everyday_ingested: {
        description: '日常说法中健身器材、玩具、按摩器也常合法使用的（增强体质、促进血液循环、燃烧脂肪、开发智力）：只在吃喝的商品上报告（项目编写）。',
        terms: ['体质', '代谢', '新陈代谢', '血液循环', '微循环', '精力', '体力', '注意力', '专注力', '智力', '脑力', '骨骼', '骨质',
          '血液', '脂肪', '体脂', '赘肉', '内脏脂肪', '体重'],
        examples: { match: ['增强体质', '燃烧脂肪', '补充体力'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      body_function: {
        description: '保健功能宣称的对象：目录对象和日常说法。',
        terms: ['@body_function_listed', '@body_function_everyday'],
        examples: { match: ['血糖', '抵抗力', '肠道菌群'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      body_function_allow: {
        description: '含机能词的普通说法（陷阱，项目编写）：电子产品的内存和记忆、家电的代谢……',
        terms: ['记忆卡', '记忆棉', '记忆枕', '记忆功能', '断电记忆', '记忆体', '记忆合金', '肝素', '肾上腺', '血管钳', '血液透析',
          '体重秤', '体脂秤', '身高尺', '身高测量', '视力表', '视力检查', '胃镜', '肠镜', '骨骼模型', '智力游戏', '智力玩具',
          '注意力训练', '肠道检查', '毒素检测', '激素检测', '脂肪酸', '中性脂肪', '玻尿酸'],
        examples: { match: ['断电记忆功能', '智能体脂秤', '视力表挂图'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      cosmetic_efficacy: {
        description: '化妆品功效宣称分类目录（2021）的26类功效名称。',
        source: src('cosmetic-efficacy.tsv'), date: '2021-04-08', licence: '著作权法第五条 (government document)',
        script: 'tools/lexicons/extract_health.py → rules/data/cosmetic-efficacy.tsv → tools/gen-lexicons.mjs',
        terms: cos.map((r) => r.name),
        examples: { match: ['美白保湿面霜', '控油洗面奶', '防晒喷雾'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
      cosmetic_special: {
        description: '须取得特殊化妆品注册证的功效（目录编号01–05：染发、烫发、祛斑美白、防晒、防脱发）及其拆分说法。',
        source: src('cosmetic-efficacy.tsv'), date: '2021-04-08', licence: '著作权法第五条 (government document)',
        script: 'tools/gen-lexicons.mjs',
        terms: uniq(cos.filter((r) => Number(r.code) <= 5).flatMap((r) => (r.name === '祛斑美白' ? [r.name, '祛斑', '美白'] : [r.name]))),
        examples: { match: ['染发膏', '美白精华', '防脱发洗发水'], no_match: ['纯棉T恤', '不锈钢保温杯', '儿童积木'] },
      },
    },
  };
}
