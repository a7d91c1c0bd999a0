//! An admin acting through plain reqwest, independent of Authdesk's client.

use super::Account;

/// An admin acting through plain reqwest, independent of Authdesk's client: to change things
/// behind the app's back and to read what the server really holds.
pub struct BareAdmin {
    http: reqwest::Client,
    base: String,
    origin: String,
}

impl BareAdmin {
    pub async fn sign_in(base: &str, account: &Account) -> Self {
        let origin = reqwest::Url::parse(base)
            .unwrap()
            .origin()
            .ascii_serialization();
        // Node closes an idle connection after 5 s; a request sent on it just then fails with
        // "incomplete message". Idle connections are dropped here first.
        let http = authdesk_client::http_client_builder()
            .cookie_store(true)
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .unwrap();
        let admin = Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            origin,
        };
        let body = serde_json::json!({ "email": account.email, "password": account.password });
        admin.post("sign-in/email", body).await;
        admin
    }

    pub async fn post(&self, route: &str, body: serde_json::Value) -> serde_json::Value {
        let request = self
            .http
            .post(format!("{}/{route}", self.base))
            .header("Origin", &self.origin)
            .json(&body);
        answer(route, request).await
    }

    /// The user's sessions as the server holds them, tokens included.
    pub async fn sessions_of(&self, user_id: &str) -> Vec<serde_json::Value> {
        let answer = self
            .post(
                "admin/list-user-sessions",
                serde_json::json!({ "userId": user_id }),
            )
            .await;
        answer["sessions"].as_array().unwrap().clone()
    }

    /// How many users have an email containing `email`.
    pub async fn users_matching(&self, email: &str) -> u64 {
        let response = self
            .http
            .get(format!("{}/admin/list-users", self.base))
            .query(&[("searchValue", email), ("searchField", "email")])
            .send()
            .await
            .unwrap();
        let page: serde_json::Value = response.json().await.unwrap();
        page["total"].as_u64().unwrap()
    }

    /// A GET of `route` with `query`, as the server answers it.
    pub async fn post_get(&self, route: &str, query: &[(&str, &str)]) -> serde_json::Value {
        let request = self.http.get(format!("{}/{route}", self.base)).query(query);
        answer(route, request).await
    }

    /// Every user `filter` matches, as the server sends them, read 200 at a time in id order.
    pub async fn every_user(&self, filter: &[(&str, &str)]) -> Vec<serde_json::Value> {
        let mut users = Vec::new();
        loop {
            let offset = users.len().to_string();
            let mut query = vec![
                ("limit", "200"),
                ("offset", offset.as_str()),
                ("sortBy", "id"),
            ];
            query.extend_from_slice(filter);
            let page = self.post_get("admin/list-users", &query).await;
            let got = page["users"].as_array().unwrap().clone();
            let total = page["total"].as_u64().unwrap();
            users.extend(got.iter().cloned());
            if got.is_empty() || users.len() as u64 >= total {
                return users;
            }
        }
    }

    pub async fn user_id_of(&self, email: &str) -> String {
        let response = self
            .http
            .get(format!("{}/admin/list-users", self.base))
            .query(&[
                ("searchValue", email),
                ("searchField", "email"),
                ("limit", "1"),
            ])
            .send()
            .await
            .unwrap();
        let page: serde_json::Value = response.json().await.unwrap();
        page["users"][0]["id"]
            .as_str()
            .expect("the user exists")
            .to_owned()
    }
}

/// The JSON a request to `route` answers with; anything but a success fails the test.
async fn answer(route: &str, request: reqwest::RequestBuilder) -> serde_json::Value {
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{route}: {}",
        response.status()
    );
    response.json().await.unwrap()
}
