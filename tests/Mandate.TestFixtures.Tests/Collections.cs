namespace Mandate.TestFixtures.Tests;

using Mandate.TestFixtures.Xunit;

[CollectionDefinition(DynaliteFixture.Collection)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>;

[CollectionDefinition(S3rverFixture.Collection)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
