//! Writes the generated example files under `examples/` (spreadsheets and the JSON twin of the
//! DecMessage example). Run on purpose only:
//! `cargo test -p import --test generate_examples -- --ignored`.

mod support;

use std::path::{Path, PathBuf};
use support::Cell::{D, E, N, S};
use support::{gb18030, workbook};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
#[ignore = "writes the example files; run on purpose"]
fn generate_example_files() {
    let root = examples();

    // examples/sheets: the invoice of SHP-2026-0001 (lithium-ion batteries, T-shirts, bolts).
    let invoice = workbook(&[(
        "Invoice",
        vec![
            vec![S(
                "上海储能科技有限公司 SHANGHAI ENERGY STORAGE TECHNOLOGY CO., LTD.",
            )],
            vec![S("商业发票 COMMERCIAL INVOICE")],
            vec![
                S("发票号 Invoice No.:"),
                S("INV-2026-0418"),
                E,
                E,
                S("日期 Date:"),
                D(2026, 10, 9),
            ],
            vec![
                S("To: SUNRISE ENERGY STORAGE INC., LOS ANGELES"),
                E,
                E,
                E,
                S("Currency:"),
                S("USD"),
            ],
            vec![
                S("Contract No.: C-2026-118"),
                E,
                E,
                E,
                S("Terms: FOB SHANGHAI"),
            ],
            vec![],
            vec![
                S("序号\nNo."),
                S("品名\nDescription"),
                S("商品编码\nHS Code"),
                S("数量\nQty"),
                S("单位\nUnit"),
                S("单价\nUnit Price (USD)"),
                S("金额\nAmount (USD)"),
            ],
            vec![
                N(1.0),
                S("锂离子蓄电池"),
                S("8507600090"),
                N(1000.0),
                S("PCS"),
                N(12.5),
                N(12500.0),
            ],
            vec![
                N(2.0),
                S("男式棉制针织T恤衫"),
                S("6109100021"),
                N(2000.0),
                S("PCS"),
                N(3.2),
                N(6400.0),
            ],
            vec![
                N(3.0),
                S("钢制螺栓"),
                S("7318159090"),
                N(500.0),
                S("KGS"),
                N(4.0),
                N(2000.0),
            ],
            vec![S("合计 TOTAL:"), E, E, N(3500.0), E, E, N(20900.0)],
            vec![],
            vec![S("SAY TOTAL US DOLLARS TWENTY THOUSAND NINE HUNDRED ONLY.")],
        ],
    )]);
    std::fs::write(root.join("sheets/invoice.xlsx"), invoice).unwrap();

    let packing_list = "上海储能科技有限公司\n装箱单 PACKING LIST\n装箱单号：PL-2026-0418\n日期：2026年10月9日\n\n\
序号,品名,数量,单位,件数,毛重(KG),净重(KG),唛头\n\
1,锂离子蓄电池,1000,个,50,1250.5,1100,N/M\n\
2,男式棉制针织T恤衫,2000,件,40,420,400,N/M\n\
3,钢制螺栓,500,千克,10,520,500,N/M\n\
合计,,3500,,100,2190.5,2000,\n";
    std::fs::write(root.join("sheets/packing_list.csv"), gb18030(packing_list)).unwrap();

    // examples/multi-file/SHP-2026-0104: T-shirts and bolts to the USA, one file per document.
    let folder = root.join("multi-file/SHP-2026-0104");
    let invoice = workbook(&[(
        "INV-2026-0104",
        vec![
            vec![S("NINGBO HUAXIN TRADING CO., LTD.")],
            vec![S("COMMERCIAL INVOICE")],
            vec![S("Invoice No.: INV-2026-0104")],
            vec![S("Date: Nov. 2, 2026")],
            vec![S("Contract No.: C-2026-204")],
            vec![],
            vec![
                S("Item"),
                S("品名"),
                S("Description"),
                S("Quantity"),
                S("Unit"),
                S("Unit Price"),
                S("Amount"),
            ],
            vec![
                N(1.0),
                S("男式棉制针织T恤衫"),
                S("MEN'S COTTON KNITTED T-SHIRT"),
                N(3000.0),
                S("PCS"),
                S("USD 3.20"),
                S("USD 9,600.00"),
            ],
            vec![
                N(2.0),
                S("钢制螺栓"),
                S("STEEL BOLTS M8X40"),
                N(800.0),
                S("KGS"),
                S("USD 4.00"),
                S("USD 3,200.00"),
            ],
            vec![S("TOTAL:"), E, E, N(3800.0), E, E, S("USD 12,800.00")],
        ],
    )]);
    std::fs::write(folder.join("invoice.xlsx"), invoice).unwrap();
    let packing_list = "装箱单\n装箱单号：PL-2026-0104\n日期：2026-11-02\n\
序号,货物名称,数量,单位,箱数,毛重（千克）,净重（千克）\n\
1,男式棉制针织T恤衫,3000,件,60,630,600\n\
2,钢制螺栓,800,千克,16,830,800\n\
合计,,3800,,76,1460,1400\n";
    std::fs::write(folder.join("packing_list.csv"), gb18030(packing_list)).unwrap();

    // The JSON twin of the DecMessage example: the bundle it imports as.
    let xml = std::fs::read(root.join("xml/export-lithium-batteries.xml")).unwrap();
    let imported = import::import_file("export-lithium-batteries.xml", &xml);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let json = model::bundle_to_json(imported.bundle.as_ref().unwrap());
    std::fs::write(
        root.join("xml/export-lithium-batteries.json"),
        format!("{json}\n"),
    )
    .unwrap();
}
