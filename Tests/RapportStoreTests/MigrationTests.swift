import Foundation
import PostgresNIO
import Testing

@testable import RapportStore

@Suite("Schema migrations")
struct MigrationTests {
    @Test func freshDatabaseGetsEveryMigrationAndRerunIsANoOp() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let migrator = try Migrator(directory: TestDatabase.schemaDirectory)
            let first = try await migrator.apply(to: database)
            #expect(first.count == migrator.migrations.count)
            #expect(first.first?.version == 1)
            let second = try await migrator.apply(to: database)
            #expect(second.isEmpty)
            let states = try await migrator.status(in: database)
            #expect(states.allSatisfy { $0.status == .applied })
            try await migrator.requireCurrent(database)
        }
    }

    @Test func unmigratedDatabaseIsRefusedWithAdviceToMigrate() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let migrator = try Migrator(directory: TestDatabase.schemaDirectory)
            let error = await #expect(throws: StoreError.self) { try await migrator.requireCurrent(database) }
            #expect(error?.description.contains("rapport migrate") == true)
            let states = try await migrator.status(in: database)
            #expect(states.allSatisfy { $0.status == .pending })
        }
    }

    @Test func editedAppliedMigrationIsRefused() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let original = Migration(version: 1, name: "first", sql: "CREATE TABLE first_table (id int)")
            try await Migrator(migrations: [original]).apply(to: database)
            let edited = Migration(version: 1, name: "first", sql: "CREATE TABLE first_table (id bigint)")
            let migrator = Migrator(migrations: [edited])
            let error = await #expect(throws: StoreError.self) { try await migrator.apply(to: database) }
            #expect(error?.description.contains("changed after it was applied") == true)
            #expect(try await migrator.status(in: database).first?.status == .changed)
            await #expect(throws: StoreError.self) { try await migrator.requireCurrent(database) }
        }
    }

    @Test func outdatedDatabaseListsPendingMigration() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let one = Migration(version: 1, name: "one", sql: "CREATE TABLE one (id int);")
            let two = Migration(version: 2, name: "two", sql: "CREATE TABLE two (id int); CREATE INDEX two_id ON two (id);")
            try await Migrator(migrations: [one]).apply(to: database)
            let migrator = Migrator(migrations: [one, two])
            let error = await #expect(throws: StoreError.self) { try await migrator.requireCurrent(database) }
            #expect(error?.description.contains("2_two") == true)
            #expect(try await migrator.apply(to: database).map(\.version) == [2])
        }
    }

    @Test func failingMigrationRollsBackAndIsNotRecorded() async throws {
        try await TestDatabase.with(migrated: false) { database in
            let broken = Migration(version: 1, name: "broken", sql: "CREATE TABLE half (id int); SELECT no_such_function();")
            await #expect(throws: (any Error).self) { try await Migrator(migrations: [broken]).apply(to: database) }
            let rows = try await database.client.query("SELECT to_regclass('half') IS NULL", logger: database.logger)
            for try await absent in rows.decode(Bool.self) { #expect(absent) }
            #expect(try await Migrator(migrations: [broken]).status(in: database).first?.status == .pending)
        }
    }
}

@Suite("SQL script splitting")
struct SQLScriptTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (note text DEFAULT 'x;y');
            /* block; comment */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 2; END; $body$ LANGUAGE plpgsql;
            SELECT "odd;name" FROM a
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("DEFAULT 'x;y')"))
        #expect(statements[1].contains("$$ SELECT 1; $$"))
        #expect(statements[2].contains("BEGIN RETURN 2; END;"))
        #expect(statements[3] == "SELECT \"odd;name\" FROM a")
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }
}
