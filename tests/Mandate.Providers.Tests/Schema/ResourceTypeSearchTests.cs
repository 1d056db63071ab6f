using Mandate.Providers.Schema;

namespace Mandate.Providers.Tests.Schema;

public sealed class ResourceTypeSearchTests
{
    private static readonly ResourceTypeSearch Small = new(
    [
        new("aws_dynamodb_table", null, ["name", "hash_key"]),
        new("aws_dynamodb_table_item", null, ["table_name", "item"]),
        new("aws_dynamodb_table_replica", null, ["global_table_arn"]),
        new("aws_s3_bucket", null, ["bucket"]),
        new("aws_s3_bucket_policy", null, ["bucket", "policy"]),
        new("aws_s3_object", null, ["bucket", "key"]),
        new("aws_lambda_function", "Manages a serverless function.", ["runtime"]),
        new("aws_glue_catalog_table", null, ["name"]),
    ]);

    [Theory]
    [InlineData("dynamo table", "aws_dynamodb_table")]
    [InlineData("DynamoDB table", "aws_dynamodb_table")]
    [InlineData("s3 bucket", "aws_s3_bucket")]
    [InlineData("bucket policy", "aws_s3_bucket_policy")]
    [InlineData("s3 bucekt", "aws_s3_bucket")]
    [InlineData("serverless", "aws_lambda_function")]
    [InlineData("aws lambda", "aws_lambda_function")]
    public void Best_match_comes_first(string query, string expected) => Assert.Equal(expected, Small.Search(query)[0].TypeName);

    [Fact]
    public void Nothing_matches_gibberish() => Assert.Empty(Small.Search("qqqq zzzz"));

    [Fact]
    public void Stop_words_alone_match_nothing() => Assert.Empty(Small.Search("the resource"));

    [AwsSchemaFact]
    public void Real_aws_types_rank_as_a_person_expects()
    {
        var search = ResourceTypeSearch.ForResourceTypes(AwsSchemaFixture.Schema);
        foreach (var q in new[] { "dynamo table", "s3 bucket", "lambda function", "sqs queue", "iam role" })
            Console.WriteLine($"{q}: {string.Join(", ", search.Search(q, 4).Select(m => $"{m.TypeName} {m.Score}"))}");
        Assert.Equal("aws_dynamodb_table", search.Search("dynamo table")[0].TypeName);
        Assert.Equal("aws_s3_bucket", search.Search("s3 bucket")[0].TypeName);
        Assert.Equal("aws_lambda_function", search.Search("lambda function")[0].TypeName);
        Assert.Equal("aws_sqs_queue", search.Search("sqs queue")[0].TypeName);
        Assert.Equal("aws_iam_role", search.Search("iam role")[0].TypeName);
    }
}
