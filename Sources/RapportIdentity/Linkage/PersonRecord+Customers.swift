import RapportCore

extension PersonRecord {
    /// The CRM attribute names read into each field, first match wins (`rapport eval febrl` loads
    /// Febrl's columns as attributes under their own names).
    public static var attributeNames: KeyValuePairs<WritableKeyPath<PersonRecord, String?>, [String]> {
        [
            \.givenName: ["given_name", "first_name", "firstname"],
            \.surname: ["surname", "last_name", "lastname", "family_name"],
            \.streetNumber: ["street_number"],
            \.address1: ["address_1", "address1", "street"],
            \.address2: ["address_2", "address2"],
            \.suburb: ["suburb", "city", "town"],
            \.postcode: ["postcode", "postal_code", "zip"],
            \.state: ["state", "region"],
            \.dateOfBirth: ["date_of_birth", "dob", "birth_date"],
            \.socialSecurityID: ["soc_sec_id", "ssn"],
        ]
    }

    /// The linkage view of a profile: its CRM records (earlier ones win when fields conflict) and
    /// any further identities it holds (emails, phones, social handles).
    ///
    /// The CRM `name` becomes ``fullName`` only when no record has a given name or surname.
    public init(profileID: Int64, customers: [CustomerRecord], identities: [Identifier] = []) {
        self.init(profileID: profileID)
        for (keyPath, names) in Self.attributeNames {
            self[keyPath: keyPath] = customers.lazy.compactMap { customer in
                names.lazy.compactMap { customer.attributes[$0]?.trimmingWhitespace() }.first { !$0.isEmpty }
            }.first
        }
        if givenName == nil && surname == nil {
            fullName = customers.lazy.compactMap { $0.name?.trimmingWhitespace() }.first { !$0.isEmpty }
        }
        var seen = Set<Identifier>()
        for identifier in customers.flatMap(\.allIdentifiers) + identities where seen.insert(identifier).inserted {
            switch identifier.kind {
            case .email: emails.append(identifier.value)
            case .phone: phones.append(identifier.value)
            case .twitter, .facebook, .instagram: handles.append(identifier.value)
            case .crm: crmKeys.append(identifier.value)
            case .webchat, .profile: continue
            }
        }
    }
}
