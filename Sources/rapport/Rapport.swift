import ArgumentParser

@main
struct Rapport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "A customer profile store: one timeline per customer across every channel.",
        discussion: """
            Rapport links social handles, emails, phone numbers and chat visitor ids to CRM customer records, \
            merges every channel's interactions into one timeline per customer, lets data stewards merge and \
            unmerge identities through an audited ledger, and reports the process flaws customers complain \
            about again and again.

            The database is --database-url, else DATABASE_URL, else libpq's PG* variables, else an embedded \
            PostgreSQL that Rapport manages under $RAPPORT_HOME (default ~/.local/share/rapport), started on \
            first use.

            Exit codes: 0 success; 1 failure; 2 some input rows were rejected (the rest loaded); 3 unknown \
            identifier; 4 database unreachable or not configured; 5 database schema not current (run \
            `rapport migrate`); 6 refused (a guardrail or an invalid request); 64 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            DatabaseCommand.self, Migrate.self, ImportCommand.self, Ingest.self, Timeline.self, ProfileCommand.self, Merge.self, Unmerge.self,
            Detach.self, History.self, Suggest.self, Suggestions.self, Link.self, Insight.self, Report.self, Export.self, Erase.self,
            RetentionCommand.self, Serve.self, Token.self,
            Generate.self, Eval.self, Bench.self,
        ]
    )
}
