namespace Mandate.Cli.Remote;

using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// A JSON object given on the command line: inline (<c>'{"name": "t"}'</c>), from a file
/// (<c>@config.json</c>) or from stdin (<c>-</c>).
/// </summary>
internal static class JsonArgument
{
    public static JsonObject ReadObject(string option, string text, TextReader stdin)
    {
        string json;
        string source;
        if (text == "-")
        {
            json = stdin.ReadToEnd();
            source = "stdin";
        }
        else if (text.StartsWith('@'))
        {
            var path = text[1..];
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{option} {text}: cannot read '{path}': {e.Message}");
            }

            source = $"'{path}'";
        }
        else
        {
            json = text;
            source = "the command line";
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new InputException($"{option} from {source} must be a JSON object ({{...}})");
        }
        catch (JsonException e)
        {
            throw new InputException($"{option} from {source} is not valid JSON: {e.Message.Split(" Path:")[0]}");
        }
    }
}
