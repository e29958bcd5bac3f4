Console.WriteLine("relicctl");
