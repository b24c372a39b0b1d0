//! Issued certificates (DOMAIN.md §6): what kind, and whether one still stands.

crate::stored_enum! {
    pub enum CertificateKind {
        /// 结业证书: a passed class.
        Completion = "completion" => "结业证书",
        /// 学分证明: a cycle's credits.
        Credit = "credit" => "学分证明",
    }
}

crate::stored_enum! {
    /// A certificate stays valid until the result behind it is withdrawn; the verification
    /// page then says it was revoked, and why.
    pub enum CertificateStatus {
        Valid = "valid",
        Revoked = "revoked",
    }
}
