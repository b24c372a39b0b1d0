//! Commands of the server binary: serve (default), seed-demo, create-admin.

use app::domain::contact::validate_phone;
use app::domain::id_card::IdNumber;
use app::domain::region::{RegionLevel, level_of};
use app::domain::role::Role;
use app::server::auth::password::hash_blocking;
use app::server::services::accounts::{assign, insert_user};
use rand::Rng;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};

pub const USAGE: &str = "usage:
  server                      serve the app (LEPTOS_SITE_ADDR, DATABASE_URL, SHIXUN_MODE)
  server seed-demo [SIZE]     build the demo province: demo (default), province (600,000
                              teachers in 6,500 schools), or N teachers per school
  server create-admin --name NAME --phone PHONE [--id-number ID] [--region 130000] [--auditor]
                              create a province (or city/county) admin, or with --auditor the
                              province's 安全审计员; prints a one-time password
  server stats rebuild        recompute the statistics (dashboards, 学分预警) from the records
  server read-xlsx FILE       print the first sheet of an .xlsx/.xls/.csv as tab-separated text";

fn arg(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// Creates an admin with a random one-time password, which must be changed at first login.
pub async fn create_admin(db: &DatabaseConnection, args: &[String]) -> Result<String, String> {
    let name = arg(args, "--name").ok_or("--name is required")?;
    let phone = validate_phone(&arg(args, "--phone").ok_or("--phone is required")?)
        .map_err(String::from)?;
    let region = arg(args, "--region").unwrap_or_else(|| "130000".into());
    let role = match level_of(&region) {
        Some(RegionLevel::Province) if args.iter().any(|a| a == "--auditor") => Role::Auditor,
        _ if args.iter().any(|a| a == "--auditor") => {
            return Err("--auditor reads the province's log: use a province --region".into());
        }
        Some(RegionLevel::Province) => Role::ProvinceAdmin,
        Some(RegionLevel::City) => Role::CityAdmin,
        Some(RegionLevel::County) => Role::CountyAdmin,
        None => return Err(format!("--region {region} is not a region code")),
    };
    let id = match arg(args, "--id-number") {
        Some(s) => Some(IdNumber::parse(&s).map_err(|e| e.message().to_string())?),
        None => None,
    };
    app::server::services::org::find_region(db, &region)
        .await
        .map_err(|e| format!("unknown region {region}: {e}"))?;
    const CHARS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let password: String = (0..14)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect::<String>()
        + "7a";
    let hash = hash_blocking(&password).map_err(|e| e.to_string())?;
    let user = insert_user(db, &name, id.as_ref(), Some(&phone), Some(&hash))
        .await
        .map_err(|e| e.to_string())?;
    let mut am: app::server::entities::user::ActiveModel =
        app::server::entities::user::Entity::find_by_id(user.id)
            .one(db)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("user vanished")?
            .into();
    am.must_change_password = Set(true);
    am.update(db).await.map_err(|e| e.to_string())?;
    assign(db, user.id, role, Some(&region), None, None)
        .await
        .map_err(|e| e.to_string())?;
    Ok(password)
}
