//! What support work asks of a server beyond the admin routes: the mails a user asks for (sent
//! by a client without the admin's cookies, as the user's own request would be), turning a
//! user's two-factor off, and the server's own user fields from its Open API schema.

use std::collections::BTreeMap;

use authdesk_protocol::checks::RESERVED_FIELD_KEYS;
use authdesk_protocol::{FieldKind, UserFieldInfo, UserFields, UserSummary};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{AuthClient, ClientError};

impl AuthClient {
    /// Has the server mail `email` a link to its reset page, `reset_page` (which the server
    /// checks against its trusted origins). It answers the same whether or not the address
    /// exists, so that nobody can learn which do.
    pub async fn request_password_reset(
        &self,
        email: &str,
        reset_page: &str,
    ) -> Result<(), ClientError> {
        let body = json!({ "email": email, "redirectTo": reset_page });
        self.post::<Value>("request-password-reset", &body)
            .await
            .map(drop)
    }

    /// Has the server mail `email` its verification link. Sent with a session, the server would
    /// check the address against that session's own user, so this client must carry none.
    pub async fn send_verification_email(&self, email: &str) -> Result<(), ClientError> {
        self.post::<Value>("send-verification-email", &json!({ "email": email }))
            .await
            .map(drop)
    }

    /// Turns the user's two-factor sign-in off. Better Auth's sign-in asks for a second factor
    /// only when this flag is set, so the password alone signs them in; their authenticator
    /// secret stays, and enabling two-factor again makes a new one.
    pub async fn reset_two_factor(&self, user_id: &str) -> Result<UserSummary, ClientError> {
        let body = json!({ "userId": user_id, "data": { "twoFactorEnabled": false } });
        self.bare_user_from_post("admin/update-user", &body).await
    }

    /// The deployment's own user fields from its Open API schema; `None` when it has no schema.
    pub async fn user_fields(&self) -> Result<Option<UserFields>, ClientError> {
        #[derive(Deserialize)]
        struct Schema {
            components: Components,
        }
        #[derive(Deserialize)]
        struct Components {
            schemas: BTreeMap<String, Model>,
        }
        #[derive(Deserialize)]
        struct Model {
            #[serde(default)]
            properties: BTreeMap<String, Property>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Property {
            #[serde(default, rename = "type")]
            kind: Option<String>,
            #[serde(default)]
            format: Option<String>,
            #[serde(default)]
            read_only: bool,
        }
        let schema: Schema = match self
            .get("open-api/generate-schema", &[] as &[(&str, &str)])
            .await
        {
            Err(ClientError::Refused(refusal)) if refusal.status == 404 => return Ok(None),
            other => other?,
        };
        let Some(user) = schema.components.schemas.get("User") else {
            return Ok(None);
        };
        let fields = user
            .properties
            .iter()
            // Better Auth's own fields (and the plugins' with controls of their own) are not the
            // deployment's.
            .filter(|(key, _)| !RESERVED_FIELD_KEYS.contains(&key.as_str()))
            .map(|(key, property)| UserFieldInfo {
                key: key.clone(),
                kind: match (property.kind.as_deref(), property.format.as_deref()) {
                    (Some("string"), Some("date-time" | "date")) => FieldKind::Date,
                    (Some("number" | "integer"), _) => FieldKind::Number,
                    (Some("boolean"), _) => FieldKind::YesNo,
                    (Some("string"), _) => FieldKind::Text,
                    _ => FieldKind::Json,
                },
                writable: !property.read_only,
            })
            .collect();
        Ok(Some(UserFields {
            fields,
            from_schema: true,
        }))
    }
}
