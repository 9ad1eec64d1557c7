//! The DecMessage traps of `shared/spec/DECMESSAGE.md`, one case each: every layout and quirk a
//! real producer writes must import, receipts must be refused, bad values must be errors with
//! their place while the rest still imports.

#![expect(
    clippy::expect_used,
    reason = "test helpers: a missing declaration fails the test"
)]

use import::{FileImport, SourceFormat, import_file};
use model::{Declaration, DeclarationLine, Direction};

const HEAD: &str = "<DecHead><IEFlag>E</IEFlag><CustomMaster>2244</CustomMaster><TradeMode>0110</TradeMode>\
<TransMode>3</TransMode><GrossWet>1250.5</GrossWet><NetWt>1100</NetWt><PackNo>50</PackNo>\
<BillNo>COSU6123456780</BillNo><TrafName>COSCO SHIPPING ARIES</TrafName><TradeCountry>USA</TradeCountry></DecHead>";

fn line(no: u32, extra: &str) -> String {
    format!(
        "<DecList><GNo>{no}</GNo><CodeTS>8507600090</CodeTS><GName>锂离子蓄电池</GName>\
<GModel>0|3|储能|LFP-100</GModel><GQty>1000</GQty><GUnit>007</GUnit><FirstQty>1000</FirstQty>\
<FirstUnit>007</FirstUnit><DeclPrice>12.50</DeclPrice><DeclTotal>12500.00</DeclTotal>\
<TradeCurr>USD</TradeCurr><OriginCountry>CHN</OriginCountry><DestinationCountry>USA</DestinationCountry>{extra}</DecList>"
    )
}

/// A bare `DecMessage` with the given head, lines and trailing blocks.
fn message(head: &str, lines: &str, rest: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DecMessage>{head}<DecLists>{lines}</DecLists>{rest}</DecMessage>"
    )
}

fn import(xml: impl AsRef<[u8]>) -> FileImport {
    import_file("declaration.xml", xml.as_ref())
}

fn declaration(imported: &FileImport) -> &Declaration {
    imported
        .bundle
        .as_ref()
        .and_then(|b| b.declaration.as_ref())
        .expect("a declaration")
}

fn first_line(imported: &FileImport) -> &DeclarationLine {
    &declaration(imported).lines[0]
}

/// The reference reading of the standard message, which every layout variant must reproduce.
fn standard() -> FileImport {
    import(message(HEAD, &line(1, ""), ""))
}

#[test]
fn layouts_all_read_the_same_declaration() {
    let body = format!("{HEAD}<DecLists>{}</DecLists>", line(1, ""));
    let namespaced_body = body.replace('<', "<dec:").replace("<dec:/", "</dec:");
    let gbk_bytes = {
        let text =
            format!("<?xml version='1.0' encoding='gb2312'?><DecMessage>{body}</DecMessage>");
        encoding_rs::GB18030.encode(&text).0.into_owned()
    };
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in message(HEAD, &line(1, ""), "")
        .replace("UTF-8", "UTF-16")
        .encode_utf16()
    {
        utf16.extend(unit.to_le_bytes());
    }
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(message(HEAD, &line(1, ""), "").into_bytes());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("no namespace", message(HEAD, &line(1, ""), "").into_bytes()),
        (
            "default namespace",
            format!("<DecMessage xmlns=\"http://www.chinaport.gov.cn/dec\" version=\"3.1\">{body}</DecMessage>").into_bytes(),
        ),
        (
            "prefixed namespace",
            format!("<dec:DecMessage xmlns:dec=\"http://www.chinaport.gov.cn/dec\">{namespaced_body}</dec:DecMessage>")
                .into_bytes(),
        ),
        (
            "ImportMessage envelope",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ImportMessage xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:noNamespaceSchemaLocation=\"SWImportMessagexsd.xsd\"><SWImpHead><CopMsgId>1</CopMsgId><MsgType>SWDEC001</MsgType>\
<FunctionCode/><Format>xml</Format><Compress>0</Compress><Version>1.0</Version></SWImpHead><SWImpData>\
<DecMessage Version=\"4.8\">{body}</DecMessage></SWImpData></ImportMessage>"
            )
            .into_bytes(),
        ),
        ("UTF-8 byte-order mark", bom),
        ("UTF-16 with its byte-order mark", utf16),
        (
            "single-quoted declaration",
            format!("<?xml version='1.0' encoding='UTF-8' standalone='yes'?><DecMessage>{body}</DecMessage>").into_bytes(),
        ),
        ("gb2312 declared, GBK bytes", gbk_bytes),
        (
            "blank lines before the XML declaration",
            format!("\r\n  \n{}", message(HEAD, &line(1, ""), "")).into_bytes(),
        ),
        (
            "a DOCTYPE",
            message(HEAD, &line(1, ""), "").replace("<DecMessage>", "<!DOCTYPE DecMessage><DecMessage>").into_bytes(),
        ),
        (
            "an unknown wrapper around the message",
            format!("<Envelope><Body>{}</Body></Envelope>", message(HEAD, &line(1, ""), "").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")).into_bytes(),
        ),
        (
            "CRLF line ends and indentation",
            message(HEAD, &line(1, ""), "").replace("><", ">\r\n    <").into_bytes(),
        ),
        (
            "elements in another order",
            message(
                "<DecHead><TradeCountry>USA</TradeCountry><TrafName>COSCO SHIPPING ARIES</TrafName><BillNo>COSU6123456780</BillNo>\
<PackNo>50</PackNo><NetWt>1100</NetWt><GrossWet>1250.5</GrossWet><TransMode>3</TransMode><TradeMode>0110</TradeMode>\
<CustomMaster>2244</CustomMaster><IEFlag>E</IEFlag></DecHead>",
                &line(1, ""),
                "",
            )
            .into_bytes(),
        ),
        (
            "GrossWt instead of GrossWet",
            message(&HEAD.replace("GrossWet", "GrossWt"), &line(1, ""), "").into_bytes(),
        ),
        (
            "TradeCoScc instead of TradeCodeScc",
            message(&HEAD.replace("</DecHead>", "<TradeCoScc>91310000MA1K000000</TradeCoScc></DecHead>"), &line(1, ""), "")
                .into_bytes(),
        ),
        (
            "DistrictCode in DecList",
            message(HEAD, &line(1, "<DistrictCode>31011</DistrictCode>"), "").into_bytes(),
        ),
        (
            "post-2018 nested goods limits",
            message(
                HEAD,
                &line(
                    1,
                    "<DecGoodsLimits><DecGoodsLimit><GoodsNo>1</GoodsNo><GQty>9</GQty><LicTypeCode>325</LicTypeCode>\
<DecGoodsLimitVin><VinNo>1</VinNo></DecGoodsLimitVin></DecGoodsLimit></DecGoodsLimits>",
                ),
                "",
            )
            .into_bytes(),
        ),
        (
            "comments, CDATA and a processing instruction",
            message(HEAD, &line(1, "<!-- checked --><UseTo><![CDATA[储能]]></UseTo>"), "<?pi x?>").into_bytes(),
        ),
    ];
    let expected = standard();
    assert!(expected.errors.is_empty(), "{:?}", expected.errors);
    for (name, bytes) in cases {
        let imported = import(&bytes);
        assert_eq!(imported.format, SourceFormat::DecMessageXml, "{name}");
        assert!(imported.errors.is_empty(), "{name}: {:?}", imported.errors);
        assert_eq!(imported.bundle, expected.bundle, "{name}");
    }
}

#[test]
fn standard_message_maps_every_field() {
    let imported = standard();
    let bundle = imported.bundle.as_ref().unwrap();
    assert_eq!(bundle.direction, Some(Direction::Export));
    let head = declaration(&imported);
    assert_eq!(head.customs_office.as_deref(), Some("2244"));
    assert_eq!(head.transaction_terms.as_deref(), Some("3"));
    assert_eq!(
        head.gross_weight_kg.map(|d| d.to_string()).as_deref(),
        Some("1250.5")
    );
    assert_eq!(head.packages, Some(50));
    assert_eq!(head.currency.as_deref(), Some("USD"));
    assert_eq!(
        head.total_amount.map(|d| d.to_string()).as_deref(),
        Some("12500.00")
    );
    let line = first_line(&imported);
    assert_eq!(
        line.hs_code.as_ref().map(|c| c.as_str()),
        Some("8507600090")
    );
    assert_eq!(line.elements.to_raw(), "0|3|储能|LFP-100");
    assert_eq!(line.legal_unit.as_deref(), Some("007"));
}

#[test]
fn empty_elements_in_every_spelling_are_absent_values() {
    for empty in [
        "<CodeTS/>",
        "<CodeTS />",
        "<CodeTS></CodeTS>",
        "<CodeTS>   </CodeTS>",
    ] {
        let xml = message(
            HEAD,
            &line(1, "").replace("<CodeTS>8507600090</CodeTS>", empty),
            "",
        );
        let imported = import(xml);
        assert!(imported.errors.is_empty(), "{empty}: {:?}", imported.errors);
        assert_eq!(first_line(&imported).hs_code, None, "{empty}");
        assert_eq!(
            first_line(&imported).name.as_deref(),
            Some("锂离子蓄电池"),
            "{empty}"
        );
    }
}

#[test]
fn codes_are_kept_as_written_old_numeric_or_new_alpha() {
    let cases = [
        ("502", "142", "502", "142"),
        ("USD", "CHN", "USD", "CHN"),
        (" usd ", "chn", "USD", "CHN"),
    ];
    for (currency, origin, expected_currency, expected_origin) in cases {
        let xml = message(
            HEAD,
            &line(1, "")
                .replace("<TradeCurr>USD", &format!("<TradeCurr>{currency}"))
                .replace("<OriginCountry>CHN", &format!("<OriginCountry>{origin}")),
            "",
        );
        let imported = import(xml);
        assert_eq!(
            first_line(&imported).currency.as_deref(),
            Some(expected_currency)
        );
        assert_eq!(
            first_line(&imported).origin_country.as_deref(),
            Some(expected_origin)
        );
        assert_eq!(
            declaration(&imported).currency.as_deref(),
            Some(expected_currency)
        );
    }
}

#[test]
fn export_origin_and_destination_are_not_swapped() {
    // The reported export "swap" is unverified: each element stays in the field of its name.
    let xml = message(
        HEAD,
        &line(1, "")
            .replace("<OriginCountry>CHN", "<OriginCountry>USA")
            .replace("<DestinationCountry>USA", "<DestinationCountry>CHN"),
        "",
    );
    let imported = import(xml);
    assert_eq!(first_line(&imported).origin_country.as_deref(), Some("USA"));
    assert_eq!(
        first_line(&imported).destination_country.as_deref(),
        Some("CHN")
    );
}

#[test]
fn receipts_and_envelopes_are_refused() {
    let cases = [
        "<DecImportResponse><ResponseCode>0</ResponseCode><ErrorMessage>导入成功</ErrorMessage></DecImportResponse>",
        "<?xml version=\"1.0\"?><DEC_RESULT><CUS_CIQ_NO>X</CUS_CIQ_NO><CHANNEL>L</CHANNEL><NOTE>放行</NOTE></DEC_RESULT>",
        "<DxpMsg xmlns=\"http://www.chinaport.gov.cn/dxp\" ver=\"1.0\"><TransInfo><CopMsgId>1</CopMsgId></TransInfo><Data>PERlY01lc3NhZ2UvPg==</Data></DxpMsg>",
        "<TrnImportResponse><ResponseCode>1</ResponseCode></TrnImportResponse>",
    ];
    for xml in cases {
        let imported = import(xml);
        assert_eq!(imported.format, SourceFormat::ReceiptXml, "{xml}");
        assert!(imported.bundle.is_none());
        assert_eq!(imported.errors.len(), 1);
        assert!(
            imported.errors[0]
                .message
                .en
                .contains("not a declaration message"),
            "{xml}"
        );
    }
}

#[test]
fn other_xml_is_not_a_declaration() {
    let imported = import("<CEB303Message><Order/></CEB303Message>");
    assert_eq!(imported.format, SourceFormat::Unknown);
    assert!(imported.bundle.is_none());
    assert!(imported.errors[0].message.en.contains("<CEB303Message>"));
}

#[test]
fn repeated_goods_are_all_kept() {
    let lines: String = (1..=5)
        .map(|no| line(no, &format!("<ContrItem>{no}</ContrItem>")))
        .collect();
    let imported = import(message(HEAD, &lines, ""));
    assert!(imported.errors.is_empty());
    let declaration = declaration(&imported);
    assert_eq!(declaration.lines.len(), 5);
    assert_eq!(
        declaration.total_amount.map(|d| d.to_string()).as_deref(),
        Some("62500.00")
    );
}

#[test]
fn a_line_number_used_twice_is_an_error() {
    let lines = format!("{}{}", line(1, ""), line(1, ""));
    let imported = import(message(HEAD, &lines, ""));
    assert_eq!(declaration(&imported).lines.len(), 2);
    assert_eq!(imported.errors.len(), 1);
    assert!(
        imported.errors[0].path.ends_with("DecList[2]/GNo"),
        "{}",
        imported.errors[0].path
    );
}

#[test]
fn mixed_currencies_give_no_declaration_currency_or_total() {
    let lines = format!(
        "{}{}",
        line(1, ""),
        line(2, "").replace("<TradeCurr>USD", "<TradeCurr>EUR")
    );
    let imported = import(message(HEAD, &lines, ""));
    let declaration = declaration(&imported);
    assert_eq!(declaration.currency, None);
    assert_eq!(declaration.total_amount, None);
    assert_eq!(declaration.lines[1].currency.as_deref(), Some("EUR"));
}

#[test]
fn odd_decimals_are_kept_exactly() {
    let xml = message(
        HEAD,
        &line(1, "<SecondQty>0.00000</SecondQty>")
            .replace("<GQty>1000", "<GQty>762.1000")
            .replace("<FirstQty>1000", "<FirstQty>762.1"),
        "",
    );
    let line = first_line(&import(xml)).clone();
    assert_eq!(
        line.quantity.map(|d| d.to_string()).as_deref(),
        Some("762.1000")
    );
    assert_eq!(
        line.legal_quantity.map(|d| d.to_string()).as_deref(),
        Some("762.1")
    );
    assert_eq!(
        line.second_quantity.map(|d| d.to_string()).as_deref(),
        Some("0.00000")
    );
}

#[test]
fn malformed_values_are_errors_with_their_place_and_the_rest_imports() {
    let lines = format!(
        "{}\n{}",
        line(1, ""),
        line(2, "<Factor>None</Factor>").replace("<GQty>1000", "<GQty>abc")
    );
    let head = HEAD
        .replace("<PackNo>50", "<PackNo>5.5")
        .replace("<IEFlag>E", "<IEFlag>X");
    let xml = message(&head, &lines, "");
    let imported = import(&xml);
    let paths: Vec<&str> = imported.errors.iter().map(|e| e.path.as_str()).collect();
    // Each place is the 1-based line and column (in characters) of the element's start tag.
    let place = |line_index: usize, needle: &str| {
        let text = xml.lines().nth(line_index).unwrap();
        let byte = text.find(needle).unwrap();
        format!(
            "line {}, column {}",
            line_index + 1,
            text[..byte].chars().count() + 1
        )
    };
    let expected = [
        format!("{}: DecHead/IEFlag", place(1, "<IEFlag>")),
        format!("{}: DecHead/PackNo", place(1, "<PackNo>")),
        format!("{}: DecList[2]/GQty", place(2, "<GQty>abc")),
        format!("{}: DecList[2]/Factor", place(2, "<Factor>")),
    ];
    assert_eq!(paths, expected);
    assert!(paths[2].starts_with("line 3, column 101"), "{}", paths[2]);
    let declaration = declaration(&imported);
    assert_eq!(declaration.lines.len(), 2);
    assert_eq!(declaration.lines[1].quantity, None);
    assert_eq!(
        declaration.lines[1]
            .amount
            .map(|d| d.to_string())
            .as_deref(),
        Some("12500.00")
    );
    assert_eq!(declaration.packages, None);
    assert_eq!(
        declaration
            .gross_weight_kg
            .map(|d| d.to_string())
            .as_deref(),
        Some("1250.5")
    );
}

#[test]
fn invalid_xml_is_one_error_with_its_place_and_no_bundle() {
    let cases = [
        (
            "<DecMessage><DecHead><IEFlag>E</IEFlag></DecHead>\n<DecLists></DecList></DecMessage>",
            "line 2",
        ),
        ("<DecMessage><DecHead>", "line 1"),
        ("<DecMessage><DecHead></DecMessage>", "line 1"),
        ("<?xml version=\"1.0\"?>", "line 1"),
    ];
    for (xml, place) in cases {
        let imported = import(xml);
        assert!(imported.bundle.is_none(), "{xml}");
        assert_eq!(imported.errors.len(), 1, "{xml}: {:?}", imported.errors);
        assert!(
            imported.errors[0].path.starts_with(place),
            "{xml}: {}",
            imported.errors[0].path
        );
    }
}

#[test]
fn attached_documents_skip_placeholders_and_licences_become_attachments() {
    let rest = "<DecLicenseDocus><LicenseDocu><DocuCode>E</DocuCode><CertCode>ES-2026-001</CertCode></LicenseDocu>\
<LicenseDocu><DocuCode>Y</DocuCode><CertCode>######</CertCode></LicenseDocu></DecLicenseDocus>\
<EdocRealation><EdocID>######</EdocID><EdocCode>00000001</EdocCode></EdocRealation>\
<EdocRealation><EdocID>Y2026000123</EdocID><EdocCode>00000004</EdocCode></EdocRealation>";
    let imported = import(message(HEAD, &line(1, ""), rest));
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let bundle = imported.bundle.as_ref().unwrap();
    assert_eq!(
        declaration(&imported).attached_documents,
        vec!["ES-2026-001".to_string(), "Y2026000123".to_string()]
    );
    let attachments: Vec<(String, Option<String>, Option<String>)> = bundle
        .attachments
        .iter()
        .map(|a| {
            (
                a.kind.to_string(),
                a.code.as_deref().map(str::to_owned),
                a.no.as_deref().map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        attachments,
        vec![
            (
                "licence".to_string(),
                Some("E".to_string()),
                Some("ES-2026-001".to_string())
            ),
            ("licence".to_string(), Some("Y".to_string()), None),
            (
                "electronic_document".to_string(),
                Some("00000004".to_string()),
                Some("Y2026000123".to_string())
            ),
        ]
    );
}

#[test]
fn entities_voyage_and_vessel() {
    let head = HEAD.replace("COSCO SHIPPING ARIES", "COSCO &amp; SONS/045E");
    let dangling = message(HEAD, &line(1, "").replace("锂离子蓄电池", "A&B牌电池"), "");
    assert_eq!(
        first_line(&import(dangling)).name.as_deref(),
        Some("A&B牌电池")
    );
    let xml = message(
        &head,
        &line(1, "").replace("锂离子蓄电池", "锂电池&#x4E00;&lt;A&gt;"),
        "",
    );
    let imported = import(xml);
    let declaration = declaration(&imported);
    assert_eq!(declaration.vessel.as_deref(), Some("COSCO & SONS"));
    assert_eq!(declaration.voyage.as_deref(), Some("045E"));
    assert_eq!(declaration.lines[0].name.as_deref(), Some("锂电池一<A>"));

    let with_voyage = message(
        HEAD,
        &line(1, ""),
        "<DecFreeTxt><VoyNo>045E</VoyNo></DecFreeTxt>",
    );
    let imported = import(with_voyage);
    assert_eq!(
        self::declaration(&imported).vessel.as_deref(),
        Some("COSCO SHIPPING ARIES")
    );
    assert_eq!(self::declaration(&imported).voyage.as_deref(), Some("045E"));
}

#[test]
fn bounded_work_on_hostile_input() {
    // Deep nesting is refused, huge values are cut, and too many lines are capped.
    let deep = format!(
        "<DecMessage>{}{}</DecMessage>",
        "<a>".repeat(100),
        "</a>".repeat(100)
    );
    let imported = import(deep);
    assert!(imported.bundle.is_none());
    assert!(imported.errors[0].message.en.contains("nested deeper"));

    let huge = message(
        HEAD,
        &line(1, "").replace("锂离子蓄电池", &"电".repeat(40_000)),
        "",
    );
    let imported = import(huge);
    assert!(imported.errors.iter().any(|e| e.message.en.contains("cut")));
    assert!(first_line(&imported).name.as_ref().unwrap().len() <= import::xml::MAX_VALUE_BYTES);

    let many: String = (1..=1001).map(|no| line(no, "")).collect();
    let imported = import(message(HEAD, &many, ""));
    assert_eq!(declaration(&imported).lines.len(), import::xml::MAX_LINES);
    assert!(
        imported
            .errors
            .iter()
            .any(|e| e.message.en.contains("more than 1000"))
    );
}
