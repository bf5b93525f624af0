using Telephony.Queues.Config;
using Telephony.Server.Cli;

namespace Telephony.Server.Hosting;

/// <summary>
/// <c>--queues FILE</c>: the queues and agents served, read at start. A file with any error stops
/// serve with every error listed (as <c>telephony queue validate</c> prints them); agents' SIP
/// accounts join the registrar's.
/// </summary>
internal static class QueuesSetting
{
    public static QueuesConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--queues: cannot read {path}: {e.Message}");
        }

        var (config, errors) = QueuesFile.Parse(path, text);
        return errors.Count == 0
            ? config
            : throw new UsageException("invalid queues file:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
    }

    /// <summary>
    /// The registrar's accounts: the <c>--users</c> file's and every agent's. An agent whose SIP
    /// user is also in the users file with another password is an error: which password counts
    /// would be a guess.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Accounts(IReadOnlyDictionary<string, string> users, string? usersFile, QueuesConfig queues, string queuesFile)
    {
        var accounts = new Dictionary<string, string>(users, StringComparer.Ordinal);
        foreach (var agent in queues.Agents)
        {
            var user = agent.Definition.SipUser;
            if (accounts.TryGetValue(user, out var password) && users.ContainsKey(user) && password != agent.Password)
            {
                throw new UsageException($"{queuesFile}: agent '{agent.Definition.Name}' registers as '{user}', which {usersFile} (--users) gives another password; keep one");
            }

            accounts[user] = agent.Password;
        }

        return accounts;
    }
}
