Console.WriteLine("RelicSecurity app host");
