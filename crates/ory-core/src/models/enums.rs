//! String enums the API uses. All are open: a value this crate does not know parses into
//! `Unknown(String)` and serializes back unchanged.

use super::open_enum::open_enum;

open_enum! {
    /// A credential type (`identityCredentials.type`, the keys of `identity.credentials`, a
    /// session authentication method, the active login method).
    pub enum CredentialType {
        /// `password`.
        Password = "password",
        /// `oidc` (social sign-in).
        Oidc = "oidc",
        /// `totp`.
        Totp = "totp",
        /// `lookup_secret` (backup codes).
        LookupSecret = "lookup_secret",
        /// `webauthn`.
        Webauthn = "webauthn",
        /// `code` (one-time codes).
        Code = "code",
        /// `passkey`.
        Passkey = "passkey",
        /// `profile`.
        Profile = "profile",
        /// `saml`.
        Saml = "saml",
        /// `deviceauthn`.
        Deviceauthn = "deviceauthn",
        /// `identifier_first`.
        IdentifierFirst = "identifier_first",
        /// `link_recovery` (used by the recovery link strategy, not in `credentials`).
        LinkRecovery = "link_recovery",
        /// `code_recovery`.
        CodeRecovery = "code_recovery",
    }
}

open_enum! {
    /// An identity's state.
    pub enum IdentityState {
        /// `active`.
        Active = "active",
        /// `inactive`.
        Inactive = "inactive",
    }
}

open_enum! {
    /// The Ory Network region an identity is homed in.
    pub enum Region {
        /// `eu-central`.
        EuCentral = "eu-central",
        /// `asia-northeast`.
        AsiaNortheast = "asia-northeast",
        /// `us-east`.
        UsEast = "us-east",
        /// `us-west`.
        UsWest = "us-west",
        /// `eu`.
        Eu = "eu",
        /// `asia`.
        Asia = "asia",
        /// `us`.
        Us = "us",
        /// `global`.
        Global = "global",
    }
}

open_enum! {
    /// An authenticator assurance level.
    pub enum AuthenticatorAssuranceLevel {
        /// `aal0`: not authenticated.
        Aal0 = "aal0",
        /// `aal1`: one factor.
        Aal1 = "aal1",
        /// `aal2`: two factors.
        Aal2 = "aal2",
        /// `aal3`.
        Aal3 = "aal3",
    }
}

open_enum! {
    /// How an address is reached (`via` of verifiable and recovery addresses).
    pub enum AddressVia {
        /// `email`.
        Email = "email",
        /// `sms`.
        Sms = "sms",
    }
}

open_enum! {
    /// The verification status of a verifiable address.
    pub enum VerifiableAddressStatus {
        /// `pending`.
        Pending = "pending",
        /// `sent`.
        Sent = "sent",
        /// `completed`.
        Completed = "completed",
    }
}

open_enum! {
    /// The outcome of one item of a batch patch.
    pub enum BatchPatchAction {
        /// `create`: the identity was created.
        Create = "create",
        /// `error`: this item failed.
        Error = "error",
    }
}

open_enum! {
    /// What `manageSessions` does to the matching sessions.
    pub enum ManageSessionsAction {
        /// `disable`: the sessions stay but become inactive.
        Disable = "disable",
        /// `delete`: the sessions are removed.
        Delete = "delete",
    }
}

open_enum! {
    /// A self-service flow's type.
    pub enum FlowType {
        /// `api`: for native apps (session tokens).
        Api = "api",
        /// `browser`: for browsers (cookies).
        Browser = "browser",
    }
}

open_enum! {
    /// A login flow's state.
    pub enum LoginFlowState {
        /// `choose_method`.
        ChooseMethod = "choose_method",
        /// `sent_email`.
        SentEmail = "sent_email",
        /// `passed_challenge`.
        PassedChallenge = "passed_challenge",
    }
}

open_enum! {
    /// The group (authentication method) a UI node belongs to.
    pub enum UiNodeGroup {
        /// `default`.
        Default = "default",
        /// `password`.
        Password = "password",
        /// `oidc`.
        Oidc = "oidc",
        /// `profile`.
        Profile = "profile",
        /// `link`.
        Link = "link",
        /// `code`.
        Code = "code",
        /// `totp`.
        Totp = "totp",
        /// `lookup_secret`.
        LookupSecret = "lookup_secret",
        /// `webauthn`.
        Webauthn = "webauthn",
        /// `passkey`.
        Passkey = "passkey",
        /// `identifier_first`.
        IdentifierFirst = "identifier_first",
        /// `captcha`.
        Captcha = "captcha",
        /// `saml`.
        Saml = "saml",
        /// `deviceauthn`.
        Deviceauthn = "deviceauthn",
        /// `oauth2_consent`.
        Oauth2Consent = "oauth2_consent",
    }
}

open_enum! {
    /// A UI node's type.
    pub enum UiNodeType {
        /// `text`.
        Text = "text",
        /// `input`.
        Input = "input",
        /// `img`.
        Img = "img",
        /// `a` (anchor).
        A = "a",
        /// `script`.
        Script = "script",
        /// `div`.
        Div = "div",
    }
}

open_enum! {
    /// A UI message's type.
    pub enum UiTextType {
        /// `info`.
        Info = "info",
        /// `error`.
        Error = "error",
        /// `success`.
        Success = "success",
    }
}

open_enum! {
    /// The `type` of an input node.
    pub enum UiNodeInputType {
        /// `text`.
        Text = "text",
        /// `password`.
        Password = "password",
        /// `number`.
        Number = "number",
        /// `checkbox`.
        Checkbox = "checkbox",
        /// `hidden`.
        Hidden = "hidden",
        /// `email`.
        Email = "email",
        /// `tel`.
        Tel = "tel",
        /// `submit`.
        Submit = "submit",
        /// `button`.
        Button = "button",
        /// `datetime-local`.
        DatetimeLocal = "datetime-local",
        /// `date`.
        Date = "date",
        /// `url`.
        Url = "url",
    }
}

open_enum! {
    /// The `autocomplete` attribute of an input node.
    pub enum UiNodeInputAutocomplete {
        /// `email`.
        Email = "email",
        /// `tel`.
        Tel = "tel",
        /// `url`.
        Url = "url",
        /// `current-password`.
        CurrentPassword = "current-password",
        /// `new-password`.
        NewPassword = "new-password",
        /// `one-time-code`.
        OneTimeCode = "one-time-code",
        /// `username`.
        Username = "username",
        /// `username webauthn`.
        UsernameWebauthn = "username webauthn",
    }
}

open_enum! {
    /// A JavaScript function provided by Ory that an input triggers (`onclickTrigger`,
    /// `onloadTrigger`).
    pub enum WebAuthnTrigger {
        /// `oryWebAuthnRegistration`.
        WebAuthnRegistration = "oryWebAuthnRegistration",
        /// `oryWebAuthnLogin`.
        WebAuthnLogin = "oryWebAuthnLogin",
        /// `oryPasskeyLogin`.
        PasskeyLogin = "oryPasskeyLogin",
        /// `oryPasskeyLoginAutocompleteInit`.
        PasskeyLoginAutocompleteInit = "oryPasskeyLoginAutocompleteInit",
        /// `oryPasskeyRegistration`.
        PasskeyRegistration = "oryPasskeyRegistration",
        /// `oryPasskeySettingsRegistration`.
        PasskeySettingsRegistration = "oryPasskeySettingsRegistration",
    }
}
