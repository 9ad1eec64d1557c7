//! The hand-kept synonym table: the words people and catalogues use for goods, mapped to the
//! words of the tariff (and across Chinese and English). A query that contains a pattern also
//! searches for its expansion, at a lower weight than its own words.
//!
//! Patterns are matched on normalised text (half-width, lower case); an ASCII pattern matches
//! only whole words.

/// `(pattern, expansion)`.
pub(crate) const SYNONYMS: &[(&str, &str)] = &[
    // Batteries and power.
    ("lithium-ion", "锂离子"),
    ("lithium battery", "lithium-ion accumulator 锂离子蓄电池"),
    ("lithium batteries", "lithium-ion accumulator 锂离子蓄电池"),
    ("battery", "accumulator cells"),
    ("batteries", "accumulator cells"),
    ("rechargeable", "accumulator"),
    ("power bank", "lithium-ion accumulator"),
    ("锂电池", "锂离子蓄电池"),
    ("充电宝", "锂离子蓄电池"),
    ("移动电源", "锂离子蓄电池"),
    ("充电器", "静止式变流器"),
    ("charger", "static converter"),
    ("adapter", "static converter"),
    ("power supply", "static converter"),
    // Telephones and electronics.
    ("mobile phone", "telephone cellular smartphone"),
    ("cell phone", "telephone cellular smartphone"),
    ("cellphone", "telephone cellular smartphone"),
    ("phone", "telephone"),
    ("手机", "智能手机 电话机"),
    ("laptop", "portable automatic data processing machine"),
    (
        "notebook computer",
        "portable automatic data processing machine",
    ),
    (
        "tablet computer",
        "portable automatic data processing machine",
    ),
    ("tablet pc", "portable automatic data processing machine"),
    ("ipad", "portable automatic data processing machine"),
    ("computer", "automatic data processing machine"),
    ("笔记本电脑", "便携式 自动数据处理设备"),
    ("平板电脑", "便携式 自动数据处理设备"),
    ("电脑", "自动数据处理设备"),
    ("计算机", "自动数据处理设备"),
    ("television", "television receiver"),
    ("tv", "television receiver"),
    ("电视机", "电视接收"),
    ("headphones", "headphones earphones"),
    ("earphones", "headphones earphones"),
    ("earbuds", "headphones earphones"),
    ("耳机", "耳机 耳塞"),
    ("speaker", "loudspeaker"),
    ("音箱", "扬声器"),
    ("led", "light-emitting diode"),
    ("bulb", "lamp"),
    ("灯泡", "灯"),
    ("cable", "insulated wire"),
    ("电线", "绝缘电线"),
    ("电缆", "绝缘电缆"),
    ("fridge", "refrigerator"),
    ("冰箱", "冷藏箱 冷冻箱"),
    ("microwave", "microwave oven"),
    ("微波炉", "微波炉"),
    ("air conditioner", "air conditioning machine"),
    ("空调", "空气调节器"),
    ("printer", "printing machine"),
    ("打印机", "打印机 印刷机"),
    ("camera", "camera"),
    ("drone", "unmanned aircraft"),
    ("无人机", "无人驾驶航空器"),
    // Clothing and textiles.
    ("tee", "tshirt"),
    ("sweater", "jerseys pullovers"),
    ("jumper", "jerseys pullovers"),
    ("hoodie", "sweatshirts pullovers"),
    ("sweatshirt", "sweatshirts pullovers"),
    ("毛衣", "套头衫 开襟衫"),
    ("卫衣", "套头衫"),
    ("pants", "trousers"),
    ("jeans", "trousers denim"),
    ("裤子", "长裤"),
    ("牛仔裤", "长裤 劳动布"),
    ("jacket", "anoraks jackets"),
    ("coat", "overcoats"),
    ("外套", "大衣 短大衣 上衣"),
    ("羽绒服", "防寒短上衣 羽绒"),
    ("dress", "dresses"),
    ("裙子", "裙"),
    ("underwear", "underpants briefs"),
    ("内裤", "内裤"),
    ("bra", "brassieres"),
    ("文胸", "胸罩"),
    ("socks", "hosiery socks"),
    ("袜子", "袜"),
    ("sneakers", "footwear sports"),
    ("shoes", "footwear"),
    ("shoe", "footwear"),
    ("boots", "footwear"),
    ("sandals", "footwear"),
    ("鞋", "鞋靴"),
    ("运动鞋", "鞋靴 运动"),
    ("cap", "hats headgear"),
    ("hat", "hats headgear"),
    ("帽子", "帽"),
    ("cotton", "棉"),
    ("纯棉", "棉"),
    ("全棉", "棉"),
    ("knitted", "针织 钩编"),
    ("knit", "knitted 针织 钩编"),
    ("针织", "knitted"),
    ("polyester", "synthetic 合成纤维"),
    ("nylon", "synthetic polyamide 合成纤维"),
    ("acrylic", "synthetic 合成纤维"),
    ("spandex", "synthetic elastomeric"),
    ("elastane", "synthetic elastomeric"),
    ("rayon", "artificial 人造纤维"),
    ("viscose", "artificial 人造纤维"),
    ("涤纶", "合成纤维 聚酯"),
    ("聚酯纤维", "合成纤维"),
    ("锦纶", "合成纤维 尼龙"),
    ("尼龙", "合成纤维"),
    ("腈纶", "合成纤维"),
    ("氨纶", "合成纤维 弹性"),
    ("粘胶", "人造纤维"),
    ("wool", "wool fine animal hair 羊毛"),
    ("cashmere", "kashmir goats fine animal hair"),
    ("羊绒", "山羊绒 动物细毛"),
    ("silk", "silk 丝"),
    ("真丝", "蚕丝 丝"),
    ("leather", "leather 皮革"),
    ("真皮", "皮革"),
    ("backpack", "rucksacks"),
    ("背包", "rucksacks 旅行用品 以塑料片或纺织材料作面 容器"),
    ("双肩包", "rucksacks 旅行用品 以塑料片或纺织材料作面 容器"),
    ("书包", "rucksacks satchels 书包"),
    ("旅行包", "travelling bags 旅行用品"),
    ("钱包", "wallets purses 通常置于口袋或手提包内的物品"),
    ("牛皮", "皮革 leather"),
    ("收纳盒", "家庭用具 容器 盒"),
    ("收纳箱", "家庭用具 容器 箱"),
    ("储物盒", "家庭用具 容器 盒"),
    ("storage box", "household articles containers"),
    ("handbag", "handbags"),
    ("purse", "handbags"),
    ("wallet", "wallets"),
    ("luggage", "suitcases trunks"),
    ("suitcase", "suitcases trunks"),
    ("背包", "背包"),
    ("手提包", "手提包"),
    ("箱包", "衣箱 提箱"),
    ("行李箱", "衣箱"),
    ("blanket", "blankets travelling rugs"),
    ("towel", "toilet linen towels"),
    ("毛巾", "毛巾"),
    ("床单", "床上用织物制品"),
    // Materials and metal goods.
    ("stainless", "stainless steel 不锈钢"),
    ("不锈钢", "stainless"),
    ("steel", "iron steel"),
    ("aluminium", "aluminium"),
    ("aluminum", "aluminium"),
    ("铝合金", "铝"),
    ("plastic", "plastics"),
    ("塑胶", "塑料"),
    ("wooden", "wood"),
    ("木质", "木"),
    ("glass", "glass"),
    ("保温杯", "保温瓶 真空容器"),
    ("保温壶", "保温瓶 真空容器"),
    ("焖烧杯", "保温瓶 真空容器"),
    ("thermos", "vacuum flasks"),
    ("vacuum insulated", "vacuum flasks vessels"),
    ("plates", "tableware"),
    ("plate", "tableware"),
    ("bowls", "tableware"),
    ("bowl", "tableware"),
    ("cups", "tableware drinking"),
    ("mugs", "tableware drinking"),
    ("dishes", "tableware"),
    ("dinnerware", "tableware"),
    ("碗", "餐具"),
    ("盘子", "餐具"),
    ("碟", "餐具"),
    ("杯子", "杯"),
    ("水杯", "杯"),
    ("mats", "mats floor coverings"),
    ("mat", "mats floor coverings"),
    ("脚垫", "铺地制品 垫"),
    ("地垫", "铺地制品 垫"),
    ("皮带", "腰带 皮革"),
    ("腰带", "腰带"),
    ("belt", "belts"),
    ("旅行箱", "衣箱 提箱 trunks suitcases"),
    ("拉杆箱", "衣箱 提箱 trunks suitcases"),
    ("开衫", "开襟衫"),
    ("cardigan", "cardigans"),
    ("drill", "drills tools for working in the hand"),
    ("cordless", "self-contained electric motor"),
    ("电钻", "手提式 电动 钻 工具"),
    ("电动螺丝刀", "手提式 电动 工具"),
    ("电动工具", "手提式 电动 工具"),
    ("ceramic", "ceramic porcelain"),
    ("陶瓷", "陶瓷 瓷"),
    ("screw", "screws bolts"),
    ("bolt", "screws bolts"),
    ("螺丝", "螺钉"),
    ("圆锥", "锥形"),
    ("轴承", "轴承"),
    ("faucet", "taps cocks valves"),
    ("水龙头", "龙头 阀门"),
    // Vehicles, toys, furniture.
    ("car", "motor vehicle"),
    ("汽车", "机动车辆"),
    ("bike", "bicycle"),
    ("自行车", "脚踏车"),
    ("电动自行车", "装有驱动电动机的脚踏车"),
    ("单车", "脚踏车"),
    ("e-bike", "bicycle electric motor"),
    ("电动车", "电动 自行车 摩托车"),
    ("toy", "toys"),
    ("玩具", "玩具"),
    ("doll", "dolls"),
    ("sofa", "seats upholstered"),
    ("沙发", "坐具 软垫"),
    ("chair", "seats"),
    ("椅子", "坐具"),
    ("table", "furniture"),
    ("桌子", "家具"),
    ("餐桌", "家具 木家具"),
    ("书桌", "家具"),
    ("办公桌", "家具 办公室用"),
    ("茶几", "家具"),
    ("实木", "木"),
    ("desk", "furniture"),
    ("mattress", "mattresses"),
    ("床垫", "床垫"),
    // Household, jewellery, computers.
    ("necklace", "imitation jewellery"),
    ("bracelet", "imitation jewellery"),
    ("earrings", "imitation jewellery"),
    ("项链", "仿首饰"),
    ("手链", "仿首饰"),
    ("耳环", "仿首饰"),
    ("plush", "stuffed toys"),
    ("毛绒玩具", "填充 玩具"),
    ("stroller", "baby carriages"),
    ("婴儿车", "婴孩车"),
    ("rug", "carpets floor coverings"),
    ("地毯", "地毯"),
    ("pillow", "pillows cushions"),
    ("枕头", "枕头"),
    ("vase", "ornamental articles"),
    ("figurine", "statuettes ornaments"),
    ("摆件", "装饰品 塑像"),
    ("花瓶", "装饰品"),
    ("monitor", "monitors"),
    ("显示器", "监视器"),
    ("keyboard", "input units"),
    ("键盘", "输入部件"),
    ("mouse", "input units"),
    ("鼠标", "输入部件"),
    (
        "router",
        "machines for the reception conversion and transmission of data",
    ),
    ("路由器", "接收 转换 发送 数据"),
    ("hard drive", "storage units"),
    ("硬盘", "存储部件"),
    (
        "smartwatch",
        "machines for the reception conversion and transmission of data",
    ),
    ("智能手表", "接收 转换 发送 数据"),
    // Words of rulings and catalogues for the goods the tariff names otherwise.
    ("medicine", "medicaments"),
    ("medication", "medicaments"),
    ("drug", "medicaments"),
    ("tablets", "medicaments measured doses"),
    ("capsules", "medicaments measured doses"),
    ("dosage form", "medicaments measured doses"),
    ("ointment", "medicaments"),
    ("suppositories", "medicaments measured doses"),
    ("eye drops", "medicaments"),
    ("药片", "药品 已配定剂量"),
    ("胶囊", "药品 已配定剂量"),
    ("mule", "footwear"),
    ("slipper", "footwear"),
    ("sandal", "footwear"),
    ("flats", "footwear"),
    ("boot", "footwear"),
    ("sneaker", "footwear sports"),
    ("拖鞋", "鞋靴"),
    ("凉鞋", "鞋靴"),
    ("tote", "travel bags"),
    ("pouch", "containers cases"),
    ("wallet", "wallets"),
    ("purse", "handbags"),
    ("backpack", "rucksacks travel bags"),
    ("tank top", "singlets tank tops"),
    ("sweater", "jerseys pullovers"),
    ("cardigan", "jerseys pullovers cardigans"),
    ("hoodie", "jerseys pullovers sweatshirts"),
    ("vest", "waistcoats vests"),
    ("scarf", "shawls scarves mufflers"),
    ("neck gaiter", "scarves mufflers"),
    ("beanie", "hats headgear knitted"),
    ("cap", "hats headgear"),
    ("hat", "hats headgear"),
    ("帽子", "帽类"),
    ("围巾", "围巾 披巾"),
    ("christmas", "festive articles christmas"),
    ("halloween", "festive carnival entertainment articles"),
    ("costume", "festive carnival entertainment articles"),
    ("圣诞", "节日用品 圣诞"),
    ("rack", "furniture shelves"),
    ("shelving", "furniture shelves"),
    ("cabinet", "furniture"),
    ("货架", "家具"),
    ("lamp", "lamps lighting fittings"),
    ("台灯", "灯具 台灯"),
    ("drink", "beverages"),
    ("beverage", "beverages"),
    ("饮料", "饮料"),
    ("crackers", "biscuits bakers wares"),
    ("cookies", "biscuits bakers wares"),
    ("cake", "cakes bakers wares"),
    ("饼干", "饼干"),
    ("tumbler", "tableware drinking"),
    ("tumblers", "tableware drinking"),
    ("mug", "tableware drinking"),
    ("carrier bag", "sacks bags"),
    ("mailer", "sacks bags packing"),
    ("exercise", "physical exercise gymnastics"),
    ("fitness", "physical exercise gymnastics"),
    ("健身", "体育锻炼 健身"),
    ("walker", "orthopaedic appliances"),
    ("rollator", "orthopaedic appliances"),
    ("watch", "wrist watches"),
    ("watches", "wrist watches"),
    ("手表", "手表"),
    ("minivan", "motor cars vehicles transport persons"),
    ("suv", "motor cars vehicles transport persons"),
    ("sedan", "motor cars vehicles transport persons"),
    ("grill", "barbecues cooking appliances"),
    ("gift box", "boxes cartons paperboard"),
    // Food and agriculture.
    ("beef", "bovine meat"),
    ("牛肉", "牛肉"),
    ("pork", "swine meat"),
    ("猪肉", "猪肉"),
    ("chicken", "fowls gallus domesticus"),
    ("鸡肉", "鸡"),
    ("shrimp", "shrimps prawns"),
    ("虾", "虾"),
    ("wine", "wine fresh grapes"),
    ("葡萄酒", "鲜葡萄酿造的酒 葡萄酒"),
    ("瓶装", "小包装"),
    ("beer", "beer malt"),
    ("啤酒", "啤酒"),
    ("coffee", "coffee"),
    ("french fries", "potatoes prepared frozen"),
    ("fries", "potatoes"),
    ("薯条", "马铃薯"),
    ("kettle", "electro-thermic appliances domestic"),
    ("电水壶", "电热器具 家用"),
    ("热水壶", "电热器具 家用"),
    (
        "electric toothbrush",
        "electro-mechanical domestic appliances",
    ),
    ("电动牙刷", "家用电动器具"),
    ("咖啡", "咖啡"),
    ("tea", "tea"),
    ("茶叶", "茶"),
    ("milk powder", "milk cream powder"),
    ("cooked", "prepared preserved"),
    ("canned", "prepared preserved airtight containers"),
    ("tinned", "prepared preserved airtight containers"),
    ("熟", "制作 保藏"),
    ("罐装", "制作 保藏 密封容器"),
    ("罐头", "制作 保藏 密封容器"),
    ("奶粉", "乳粉"),
    ("cosmetics", "beauty make-up preparations"),
    ("化妆品", "美容品 化妆品"),
    ("shampoo", "shampoos"),
    ("洗发水", "洗发剂"),
    ("口罩", "口罩"),
    ("mask", "masks"),
];

/// The `(pattern, expansion)` pairs whose pattern occurs in `normalized` (a normalised
/// description).
pub(crate) fn expansions(normalized: &str) -> Vec<(&'static str, &'static str)> {
    SYNONYMS
        .iter()
        .filter(|(pattern, _)| contains_word(normalized, pattern))
        .copied()
        .collect()
}

/// `haystack` contains `pattern`; an ASCII pattern must stand as whole words.
fn contains_word(haystack: &str, pattern: &str) -> bool {
    if !pattern.is_ascii() {
        return haystack.contains(pattern);
    }
    let bytes = haystack.as_bytes();
    let mut from = 0;
    while let Some(position) = haystack[from..].find(pattern) {
        let start = from + position;
        let end = start + pattern.len();
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after_ok = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

/// The Chinese words of the synonym table, added to the segmentation lexicon so that a
/// query's colloquial words (手机, 充电宝) come out whole.
pub(crate) fn chinese_words() -> impl Iterator<Item = &'static str> {
    SYNONYMS.iter().flat_map(|(pattern, expansion)| {
        std::iter::once(*pattern)
            .chain(expansion.split(' '))
            .filter(|word| !word.is_empty() && word.chars().any(crate::normalize::is_cjk))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_ascii_words_only() {
        assert!(contains_word("a cotton shirt", "cotton"));
        assert!(!contains_word("a cottons shirt", "cotton"));
        assert!(contains_word("car", "car"));
        assert!(!contains_word("cardigan", "car"));
        assert!(contains_word("纯棉t恤", "纯棉"));
    }

    #[test]
    fn expands_colloquial_words() {
        let found = expansions("二手手机");
        assert!(found.contains(&("手机", "智能手机 电话机")));
    }

    #[test]
    fn patterns_are_normalised_text() {
        for (pattern, _) in SYNONYMS {
            assert_eq!(
                crate::normalize::normalize_text(pattern).trim(),
                *pattern,
                "pattern {pattern} must be written as normalised text"
            );
        }
    }
}
