namespace Mandate.Cli.Remote;

using System.Runtime.CompilerServices;

internal sealed partial class MandateApiClient
{
    /// <summary>
    /// The lines of a streamed answer (JSON Lines, e.g. the audit export), read as they arrive so an export of any size
    /// never sits in memory whole. A refusal is a <see cref="RemoteProblem"/> before the first line.
    /// </summary>
    public async IAsyncEnumerable<string> GetLinesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteUnavailable($"cannot reach the Mandate server at {_server}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw ProblemOf(response, await response.Content.ReadAsStringAsync(cancellationToken));
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                yield return line;
            }
        }
    }
}
