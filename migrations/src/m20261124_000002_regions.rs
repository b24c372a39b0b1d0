//! Loads the GB/T 2260 region tree (all provinces, cities and counties) as a fact table.
//! Source: `regions/SOURCE.md`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PROVINCES: &str = include_str!("regions/provinces.csv");
const CITIES: &str = include_str!("regions/cities.csv");
const AREAS: &str = include_str!("regions/areas.csv");

/// One region row: (6-digit code, name, level 1..3, parent 6-digit code).
type Row = (String, String, i16, Option<String>);

fn pad(code: &str) -> String {
    format!("{code:0<6}")
}

fn fields(line: &str) -> Vec<String> {
    line.split(',')
        .map(|f| f.trim().trim_matches('"').to_string())
        .collect()
}

fn rows() -> Vec<Row> {
    let mut out = Vec::with_capacity(3400);
    for line in PROVINCES.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f = fields(line);
        out.push((pad(&f[0]), f[1].clone(), 1, None));
    }
    for line in CITIES.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f = fields(line);
        out.push((pad(&f[0]), f[1].clone(), 2, Some(pad(&f[2]))));
    }
    for line in AREAS.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f = fields(line);
        // Cities without districts (东莞, 中山, 儋州) list themselves again as a county with
        // the same code; the city row already stands for it.
        if out.iter().any(|r| r.0 == f[0]) {
            continue;
        }
        out.push((f[0].clone(), f[1].clone(), 3, Some(pad(&f[2]))));
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for chunk in rows().chunks(500) {
            let mut insert = Query::insert();
            insert.into_table(Alias::new("regions")).columns([
                Alias::new("code"),
                Alias::new("name"),
                Alias::new("level"),
                Alias::new("parent_code"),
            ]);
            for (code, name, level, parent) in chunk {
                insert.values_panic([
                    code.clone().into(),
                    name.clone().into(),
                    (*level).into(),
                    parent.clone().into(),
                ]);
            }
            m.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.exec_stmt(Query::delete().from_table(Alias::new("regions")).to_owned())
            .await
    }
}
